package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.ReduceOp;

/** Sums and argmax. */
public final class Reductions {
    private Reductions() {}

    /** Sum of every element, as a 0-D tensor. */
    public static Tensor sumAll(Tensor x) {
        OpSupport.requireFloat("sum", x);
        Tensor out = Tensor.empty(x.backend());
        x.backend().kernels().reduce(ReduceOp.SUM, x.buffer(), out.buffer(), 1, (int) x.size(), 1);
        int[] shape = x.shape();
        return Autograd.record(
                "sum", out, g -> new Tensor[] {LayoutOps.expand(g.reshape(ones(shape.length)), shape)}, x);
    }

    public static Tensor sum(Tensor x, int axis, boolean keepDim) {
        OpSupport.requireFloat("sum", x);
        int[] shape = x.shape();
        int a = Shape.axis(axis, shape.length);
        int[] kept = shape.clone();
        kept[a] = 1;
        Tensor out = Tensor.empty(x.backend(), kept);
        x.backend()
                .kernels()
                .reduce(
                        ReduceOp.SUM,
                        x.buffer(),
                        out.buffer(),
                        Shape.prod(shape, 0, a),
                        shape[a],
                        Shape.prod(shape, a + 1, shape.length));
        Tensor result = keepDim ? out : out.reshape(Shape.dropAxis(kept, a));
        return Autograd.record("sum", result, g -> new Tensor[] {LayoutOps.expand(g.reshape(kept), shape)}, x);
    }

    /** Index of the first maximum along the last axis, int32, shape without the last axis. */
    public static Tensor argmaxLast(Tensor x) {
        OpSupport.requireFloat("argmax", x);
        if (x.rank() == 0) {
            throw new IllegalArgumentException("argmax needs at least one dimension");
        }
        int cols = x.dim(-1);
        int rows = (int) (x.size() / Math.max(cols, 1));
        int[] shape = x.shape();
        Tensor out = Tensor.empty(x.backend(), DType.INT32, Shape.dropAxis(shape, shape.length - 1));
        x.backend().kernels().argmax(x.buffer(), out.buffer(), rows, cols);
        return out;
    }

    private static int[] ones(int rank) {
        int[] s = new int[rank];
        java.util.Arrays.fill(s, 1);
        return s;
    }
}
