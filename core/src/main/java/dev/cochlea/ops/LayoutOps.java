package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.Broadcast;
import java.util.Arrays;

/** Ops that move elements around: permute, copy, and the broadcast/un-broadcast pair used by backward passes. */
public final class LayoutOps {
    private LayoutOps() {}

    public static Tensor permute(Tensor x, int... perm) {
        int rank = x.rank();
        if (perm.length != rank) {
            throw new IllegalArgumentException(
                    "permute: " + perm.length + " axes given for a tensor of shape " + Shape.str(x.shape()));
        }
        int[] inShape = x.shape();
        int[] outShape = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int j = 0; j < rank; j++) {
            int a = Shape.axis(perm[j], rank);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + a + " repeated in " + Arrays.toString(perm));
            }
            seen[a] = true;
            outShape[j] = inShape[a];
            inverse[a] = j;
        }
        Tensor out = Tensor.empty(x.backend(), x.dtype(), outShape);
        int[] resolved = new int[rank];
        for (int j = 0; j < rank; j++) {
            resolved[j] = Shape.axis(perm[j], rank);
        }
        x.backend().kernels().permute(x.buffer(), inShape, resolved, out.buffer());
        return Autograd.record("permute", out, g -> new Tensor[] {permute(g, inverse)}, x);
    }

    public static Tensor copy(Tensor x) {
        Tensor out = Tensor.empty(x.backend(), x.dtype(), x.shape());
        x.backend().kernels().copy(x.buffer(), out.buffer(), x.size());
        return Autograd.record("copy", out, g -> new Tensor[] {g}, x);
    }

    /** Broadcasts x to {@code shape} (NumPy rules), materialising the copy. Not recorded: used inside backward. */
    public static Tensor expand(Tensor x, int[] shape) {
        if (Arrays.equals(x.shape(), shape)) {
            return x;
        }
        Broadcast b = Broadcast.of(x.shape(), shape);
        if (!Arrays.equals(b.outShape(), shape)) {
            throw new IllegalArgumentException(
                    "cannot expand shape " + Shape.str(x.shape()) + " to " + Shape.str(shape));
        }
        Tensor zero = Tensor.zeros(x.backend(), 1);
        Tensor out = Tensor.empty(x.backend(), shape);
        Broadcast onto = new Broadcast(shape, b.aStrides(), new int[shape.length]);
        x.backend().kernels().binary(BinaryOp.ADD, x.buffer(), zero.buffer(), out.buffer(), onto);
        return out;
    }

    /** Sums g down to {@code shape}, undoing a broadcast (the backward of broadcasting). Not recorded. */
    public static Tensor sumTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape(), shape)) {
            return g;
        }
        int rank = g.rank();
        int[] padded = new int[rank];
        Arrays.fill(padded, 1);
        System.arraycopy(shape, 0, padded, rank - shape.length, shape.length);
        Tensor out = Tensor.empty(g.backend(), padded);
        g.backend().kernels().sumToShape(g.buffer(), g.shape(), out.buffer(), padded);
        return out.reshape(shape);
    }
}
