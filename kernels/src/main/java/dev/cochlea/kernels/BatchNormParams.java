package dev.cochlea.kernels;

/**
 * Batch normalisation over x [batch, channels, length] (length 1 for 2-D input): statistics per channel over
 * batch x length elements. {@code momentum} is the weight of the new batch statistic in the running average
 * (PyTorch's convention), already resolved by the caller when PyTorch's momentum=None (cumulative average) is used.
 */
public record BatchNormParams(int batch, int channels, int length, float eps, float momentum) {

    public BatchNormParams {
        if (batch < 1 || channels < 1 || length < 1) {
            throw new IllegalArgumentException("batch norm sizes must be positive: batch=" + batch + " channels="
                    + channels + " length=" + length);
        }
    }

    /** Elements per channel that the statistics average over. */
    public long count() {
        return (long) batch * length;
    }
}
