package dev.cochlea.nn;

import dev.cochlea.Tensor;
import dev.cochlea.ops.PoolOps;

/** torch.nn.MaxPool1d: stride defaults to the kernel size; padding with -infinity. */
public class MaxPool1d extends Module {
    private final int kernelSize;
    private final int stride;
    private final int padding;

    public MaxPool1d(int kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    public MaxPool1d(int kernelSize, int stride, int padding) {
        if (kernelSize < 1 || stride < 1 || padding < 0 || 2 * padding > kernelSize) {
            throw new IllegalArgumentException("MaxPool1d: invalid kernel_size=" + kernelSize + " stride=" + stride
                    + " padding=" + padding + " (padding must be at most half the kernel)");
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor input) {
        return PoolOps.maxPool1d(input, kernelSize, stride, padding, toString());
    }

    public int kernelSize() {
        return kernelSize;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }

    @Override
    public String toString() {
        return "MaxPool1d(kernel_size=" + kernelSize + ", stride=" + stride + ", padding=" + padding + ")";
    }
}
