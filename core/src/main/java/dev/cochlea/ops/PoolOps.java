package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.MaxPool1dParams;

/** MaxPool1d with the argmax indices kept for the backward scatter. */
public final class PoolOps {
    private PoolOps() {}

    public static MaxPool1dParams params(Tensor x, int kernel, int stride, int padding, String layer) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException(layer + ": expected input [N, C, L], got " + Shape.str(x.shape()));
        }
        if (x.dim(2) + 2 * padding < kernel) {
            throw new IllegalArgumentException(layer + ": input length " + x.dim(2) + " is shorter than the kernel "
                    + kernel + "; input shape " + Shape.str(x.shape()));
        }
        if (2 * padding > kernel) {
            throw new IllegalArgumentException(
                    layer + ": padding " + padding + " must be at most half the kernel size " + kernel);
        }
        return new MaxPool1dParams(x.dim(0), x.dim(1), x.dim(2), kernel, stride, padding);
    }

    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, String layer) {
        OpSupport.requireFloat(layer, x);
        MaxPool1dParams p = params(x, kernel, stride, padding, layer);
        Tensor y = Tensor.empty(x.backend(), p.batch(), p.channels(), p.outLength());
        Tensor indices = Tensor.empty(x.backend(), DType.INT32, p.batch(), p.channels(), p.outLength());
        x.backend().kernels().maxPool1dForward(p, x.buffer(), y.buffer(), indices.buffer());
        return Autograd.record(
                "max_pool1d",
                y,
                g -> {
                    Tensor gx = Tensor.empty(x.backend(), x.shape());
                    x.backend().kernels().maxPool1dBackward(p, g.buffer(), indices.buffer(), gx.buffer());
                    return new Tensor[] {gx};
                },
                x);
    }
}
