package dev.cochlea.kernels;

/**
 * The two stages of a fused BatchNorm1d -> ReLU -> MaxPool1d call (see {@link Kernels#batchNormReluMaxPoolForward}):
 * the batch norm over x [batch, channels, length] and the max pool over its output, which reads the same
 * [batch, channels, length] (checked here, so a pool built for another tensor fails at construction).
 */
public record BnReluPoolParams(BatchNormParams bn, MaxPool1dParams pool) {

    public BnReluPoolParams {
        if (bn == null || pool == null) {
            throw new IllegalArgumentException("a fused batch-norm + max-pool call needs both stages' parameters");
        }
        if (pool.batch() != bn.batch() || pool.channels() != bn.channels() || pool.inLength() != bn.length()) {
            throw new IllegalArgumentException("fused batch-norm + max-pool: the pool reads [" + pool.batch() + ", "
                    + pool.channels() + ", " + pool.inLength() + "] but the batch norm writes [" + bn.batch() + ", "
                    + bn.channels() + ", " + bn.length() + "]");
        }
    }
}
