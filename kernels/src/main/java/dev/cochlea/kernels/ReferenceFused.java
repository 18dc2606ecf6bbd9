package dev.cochlea.kernels;

/**
 * The fused BatchNorm1d -> ReLU -> MaxPool1d block, defined by composing the unfused reference kernels through
 * temporary arrays: clarity over speed, the fast backends do the real fusion.
 */
final class ReferenceFused {
    private ReferenceFused() {}

    /** z = batchNorm(x); (pooled, indices) = maxPool(z); pooled = relu(pooled), since relu commutes with max. */
    static void forward(
            BnReluPoolParams p,
            boolean training,
            float[] x,
            BatchNormBuffers<float[]> b,
            float[] pooled,
            int[] indices) {
        BatchNormParams bn = p.bn();
        MaxPool1dParams pool = p.pool();
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

    /**
     * gradZ = grads.gradY (the pooled output's gradient) scattered to indices where pooled &gt; 0 (ReLU's mask); then
     * the batch-norm backward from gradZ.
     */
    static void backward(
            BnReluPoolParams p,
            float[] x,
            BatchNormBuffers<float[]> b,
            float[] pooled,
            int[] indices,
            BatchNormGrads<float[]> grads) {
        MaxPool1dParams pool = p.pool();
        float[] gradPooled = grads.gradY();
        int pooledSize = pool.batch() * pool.channels() * pool.outLength();
        float[] gradRelu = new float[pooledSize];
        ReferenceElementwise.reluBackward(pooled, gradPooled, gradRelu, pooledSize);
        float[] gradZ = new float[pool.batch() * pool.channels() * pool.inLength()];
        ReferencePool.backward(pool, gradRelu, indices, gradZ);
        ReferenceNorm.backward(p.bn(), x, b, grads.withGradY(gradZ));
    }
}
