package dev.cochlea.kernels;

/**
 * The fused BatchNorm1d -> ReLU -> MaxPool1d block, defined by composing the unfused reference kernels through
 * temporary arrays: clarity over speed, the fast backends do the real fusion.
 */
final class ReferenceFused {
    private ReferenceFused() {
    }

    /** z = batchNorm(x); (pooled, indices) = maxPool(z); pooled = relu(pooled), since relu commutes with max. */
    static void forward(BatchNormParams bn, MaxPool1dParams pool, boolean training, float[] x, float[] gamma,
                        float[] beta, float[] runningMean, float[] runningVar, float[] pooled, int[] indices,
                        float[] saveMean, float[] saveInvStd) {
        float[] z = new float[bn.batch() * bn.channels() * bn.length()];
        if (training) {
            ReferenceNorm.forwardTraining(bn, x, gamma, beta, z, saveMean, saveInvStd, runningMean, runningVar);
        } else {
            ReferenceNorm.forwardInference(bn, x, gamma, beta, runningMean, runningVar, z);
        }
        ReferencePool.forward(pool, z, pooled, indices);
        int pooledSize = pool.batch() * pool.channels() * pool.outLength();
        ReferenceElementwise.unary(UnaryOp.RELU, pooled, pooled, pooledSize);
    }

    /** gradZ = gradPooled scattered to indices where pooled > 0 (ReLU's mask); then batch-norm backward. */
    static void backward(BatchNormParams bn, MaxPool1dParams pool, float[] x, float[] gamma, float[] saveMean,
                         float[] saveInvStd, float[] pooled, int[] indices, float[] gradPooled, float[] gradX,
                         float[] gradGamma, float[] gradBeta) {
        int pooledSize = pool.batch() * pool.channels() * pool.outLength();
        float[] gradRelu = new float[pooledSize];
        ReferenceElementwise.reluBackward(pooled, gradPooled, gradRelu, pooledSize);
        float[] gradZ = new float[pool.batch() * pool.channels() * pool.inLength()];
        ReferencePool.backward(pool, gradRelu, indices, gradZ);
        ReferenceNorm.backward(bn, x, gradZ, gamma, saveMean, saveInvStd, gradX, gradGamma, gradBeta);
    }
}
