package dev.cochlea.kernels;

/**
 * The fused BatchNorm1d -> ReLU -> MaxPool1d block, defined by composing the unfused reference kernels through
 * temporary arrays: clarity over speed, the fast backends do the real fusion.
 */
final class ReferenceFused {
    private ReferenceFused() {}

    /** z = batchNorm(x); (pooled, indices) = maxPool(z); pooled = relu(pooled), since relu commutes with max. */
    static void forward(
            BatchNormParams bn,
            MaxPool1dParams pool,
            boolean training,
            float[] x,
            BatchNormBuffers<float[]> b,
            float[] pooled,
            int[] indices) {
        float[] z = new float[bn.batch() * bn.channels() * bn.length()];
        if (training) {
            ReferenceNorm.forwardTraining(bn, x, b, z);
        } else {
            ReferenceNorm.forwardInference(bn, x, b, z);
        }
        ReferencePool.forward(pool, z, pooled, indices);
        int pooledSize = pool.batch() * pool.channels() * pool.outLength();
        ReferenceElementwise.unary(UnaryOp.RELU, pooled, pooled, pooledSize);
    }

    /** gradZ = gradPooled scattered to indices where pooled > 0 (ReLU's mask); then batch-norm backward. */
    static void backward(
            BatchNormParams bn,
            MaxPool1dParams pool,
            float[] x,
            BatchNormBuffers<float[]> b,
            float[] pooled,
            int[] indices,
            float[] gradPooled,
            BatchNormGrads<float[]> grads) {
        int pooledSize = pool.batch() * pool.channels() * pool.outLength();
        float[] gradRelu = new float[pooledSize];
        ReferenceElementwise.reluBackward(pooled, gradPooled, gradRelu, pooledSize);
        float[] gradZ = new float[pool.batch() * pool.channels() * pool.inLength()];
        ReferencePool.backward(pool, gradRelu, indices, gradZ);
        ReferenceNorm.backward(bn, x, gradZ, b, grads);
    }
}
