package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;

/** log-softmax (the numerically stable primitive) and softmax = exp(log-softmax). */
public final class SoftmaxOps {
    private SoftmaxOps() {}

    public static Tensor logSoftmax(Tensor x, int axis) {
        OpSupport.requireFloat("log_softmax", x);
        int a = Shape.axis(axis, x.rank());
        if (a != x.rank() - 1) {
            // Move the axis last, where the kernel works on rows, and back.
            int[] perm = swapLast(x.rank(), a);
            return logSoftmax(x.permute(perm), -1).permute(perm);
        }
        int cols = x.dim(-1);
        int rows = (int) (x.size() / cols);
        Tensor out = Tensor.empty(x.backend(), x.shape());
        x.backend().kernels().logSoftmax(x.buffer(), out.buffer(), rows, cols);
        return Autograd.record(
                "log_softmax",
                out,
                g -> {
                    Tensor gx = Tensor.empty(x.backend(), x.shape());
                    x.backend().kernels().logSoftmaxBackward(out.buffer(), g.buffer(), gx.buffer(), rows, cols);
                    return new Tensor[] {gx};
                },
                x);
    }

    public static Tensor softmax(Tensor x, int axis) {
        return logSoftmax(x, axis).exp();
    }

    private static int[] swapLast(int rank, int axis) {
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[axis] = rank - 1;
        perm[rank - 1] = axis;
        return perm;
    }
}
