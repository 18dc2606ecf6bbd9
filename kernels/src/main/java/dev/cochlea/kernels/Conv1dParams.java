package dev.cochlea.kernels;

/**
 * A 1-D convolution (cross-correlation, as in PyTorch) over x [batch, inChannels, inLength] with weights
 * [outChannels, inChannels, kernelSize], producing y [batch, outChannels, outLength()]. Zero padding on both sides.
 */
public record Conv1dParams(
        int batch,
        int inChannels,
        int outChannels,
        int inLength,
        int kernelSize,
        int stride,
        int padding,
        int dilation) {

    public Conv1dParams {
        if (batch < 1
                || inChannels < 1
                || outChannels < 1
                || inLength < 1
                || kernelSize < 1
                || stride < 1
                || padding < 0
                || dilation < 1) {
            throw new IllegalArgumentException("invalid "
                    + describe(batch, inChannels, outChannels, inLength, kernelSize, stride, padding, dilation));
        }
        if (inLength + 2 * padding < dilation * (kernelSize - 1) + 1) {
            throw new IllegalArgumentException("conv1d input too short: length " + inLength + " with padding " + padding
                    + " is shorter than the dilated kernel " + (dilation * (kernelSize - 1) + 1));
        }
    }

    /** PyTorch's formula: floor((L + 2p - d(k-1) - 1) / s) + 1. */
    public int outLength() {
        return (inLength + 2 * padding - dilation * (kernelSize - 1) - 1) / stride + 1;
    }

    /** Elements of x [batch, inChannels, inLength]. */
    public long inputSize() {
        return (long) batch * inChannels * inLength;
    }

    /** Elements of w [outChannels, inChannels, kernelSize]. */
    public long weightSize() {
        return (long) outChannels * inChannels * kernelSize;
    }

    /** Elements of y [batch, outChannels, outLength()]. */
    public long outputSize() {
        return (long) batch * outChannels * outLength();
    }

    public double flops() {
        return 2.0 * batch * outChannels * outLength() * inChannels * kernelSize;
    }

    private static String describe(int n, int ci, int co, int l, int k, int s, int p, int d) {
        return "conv1d parameters: batch=" + n + " inChannels=" + ci + " outChannels=" + co + " inLength=" + l
                + " kernelSize=" + k + " stride=" + s + " padding=" + p + " dilation=" + d;
    }
}
