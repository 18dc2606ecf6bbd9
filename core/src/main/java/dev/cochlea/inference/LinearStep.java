package dev.cochlea.inference;

import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.Broadcast;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.Kernels;

/**
 * Linear: y [..., out] = x [..., in] W^T + b, one gemm and a broadcast add into the arena.
 *
 * @param layer the layer's name, for errors and {@link #describe()}
 * @param weightT [in, out]: the plan's copy of the layer's weight, transposed once so that the product reads it
 *     row by row; a single row of x (batch-1 inference) then streams through contiguous rows of it, which a backend
 *     reads with vector loads, instead of striding down the columns of W^T
 * @param bias [out] (or null), the plan's copy of the layer's
 */
record LinearStep(String layer, Tensor weightT, Tensor bias) implements PlanStep {
    @Override
    public Value run(Value in, Arena arena) {
        Tensor w = weightT;
        int out = w.dim(1);
        int features = w.dim(0);
        int[] shape = outputShape(in.shape());
        int rows = Math.toIntExact(in.size() / features);
        int slot = Arena.outputSlotFor(in.slot());
        DeviceBuffer y = arena.slot(slot, (long) rows * out);
        Kernels kern = w.backend().kernels();
        kern.gemm(GemmParams.of(rows, out, features, false, false), in.buffer(), w.buffer(), y);
        if (bias != null) {
            kern.binary(BinaryOp.ADD, y, bias.buffer(), y, Broadcast.of(new int[] {rows, out}, new int[] {out}));
        }
        return new Value(y, shape, null, slot);
    }

    @Override
    public int[] outputShape(int[] in) {
        int features = weightT.dim(0);
        if (in.length < 1 || in[in.length - 1] != features) {
            throw new IllegalArgumentException(
                    layer + ": expected input [..., " + features + "], got " + Shape.str(in));
        }
        int[] shape = in.clone();
        shape[shape.length - 1] = weightT.dim(1);
        return shape;
    }

    @Override
    public String describe() {
        return layer;
    }
}
