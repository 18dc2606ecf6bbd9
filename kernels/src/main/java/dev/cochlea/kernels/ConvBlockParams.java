package dev.cochlea.kernels;

/**
 * An inference conv block: y = maxPool(relu(conv1d(x, w) + bias)) over x [batch, inChannels, inLength], where the
 * ReLU is optional and {@code pool} is null when there is no pooling. The pool's batch, channels and input length are
 * the convolution's output. This is the shape of a Conv1d -> BatchNorm1d -> ReLU -> MaxPool1d block once the batch
 * norm has been folded into the convolution's weights and bias (see {@code dev.cochlea.inference}).
 */
public record ConvBlockParams(Conv1dParams conv, boolean relu, MaxPool1dParams pool) {

    public ConvBlockParams {
        if (conv == null) {
            throw new IllegalArgumentException("a conv block needs its convolution's parameters");
        }
        if (pool != null
                && (pool.batch() != conv.batch()
                        || pool.channels() != conv.outChannels()
                        || pool.inLength() != conv.outLength())) {
            throw new IllegalArgumentException("conv block: the pool reads [" + pool.batch() + ", " + pool.channels()
                    + ", " + pool.inLength() + "] but the convolution writes [" + conv.batch() + ", "
                    + conv.outChannels() + ", " + conv.outLength() + "]");
        }
    }

    /** A block without pooling. */
    public static ConvBlockParams of(Conv1dParams conv, boolean relu) {
        return new ConvBlockParams(conv, relu, null);
    }

    /** A block pooling the convolution's output with {@code kernel}, {@code stride}, {@code padding}. */
    public static ConvBlockParams of(Conv1dParams conv, boolean relu, int kernel, int stride, int padding) {
        return new ConvBlockParams(
                conv,
                relu,
                new MaxPool1dParams(conv.batch(), conv.outChannels(), conv.outLength(), kernel, stride, padding));
    }

    /** Elements of the convolution's (un-pooled) output [batch, outChannels, conv.outLength()]. */
    public long convOutSize() {
        return conv.outputSize();
    }

    /** Length of each output row: the pool's output length, or the convolution's when there is no pool. */
    public int outLength() {
        return pool == null ? conv.outLength() : pool.outLength();
    }

    /** Elements of y [batch, outChannels, outLength()]. */
    public long outSize() {
        return (long) conv.batch() * conv.outChannels() * outLength();
    }
}
