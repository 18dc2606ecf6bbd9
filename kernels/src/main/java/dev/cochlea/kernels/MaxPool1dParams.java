package dev.cochlea.kernels;

/**
 * Max pooling over x [batch, channels, inLength] into y [batch, channels, outLength()], padding with -infinity
 * (PyTorch's MaxPool1d with dilation 1 and ceil_mode false). Indices are positions within the input row, as in PyTorch.
 */
public record MaxPool1dParams(int batch, int channels, int inLength, int kernelSize, int stride, int padding) {

    public MaxPool1dParams {
        if (batch < 1 || channels < 1 || inLength < 1 || kernelSize < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(
                    "invalid max-pool parameters: batch=" + batch + " channels=" + channels + " inLength=" + inLength
                            + " kernelSize=" + kernelSize + " stride=" + stride + " padding=" + padding);
        }
        if (padding * 2 > kernelSize) {
            throw new IllegalArgumentException(
                    "max-pool padding " + padding + " must be at most half the kernel size " + kernelSize);
        }
        if (inLength + 2 * padding < kernelSize) {
            throw new IllegalArgumentException("max-pool input length " + inLength + " (padding " + padding
                    + ") is shorter than the kernel " + kernelSize);
        }
    }

    public int outLength() {
        return (inLength + 2 * padding - kernelSize) / stride + 1;
    }
}
