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
 * @param weight [out, in], the plan's copy of the layer's
 * @param bias [out] (or null), the plan's copy of the layer's
 */
record LinearStep(String layer, Tensor weight, Tensor bias) implements PlanStep {
    @Override
    public Value run(Value in, Arena arena) {
        Tensor w = weight;
        int out = w.dim(0);
        int features = w.dim(1);
        int[] shape = outputShape(in.shape());
        int rows = Math.toIntExact(in.size() / features);
        int slot = Arena.outputSlotFor(in.slot());
        DeviceBuffer y = arena.slot(slot, (long) rows * out);
        Kernels kern = w.backend().kernels();
        kern.gemm(GemmParams.of(rows, out, features, false, true), in.buffer(), w.buffer(), y);
        if (bias != null) {
            kern.binary(BinaryOp.ADD, y, bias.buffer(), y, Broadcast.of(new int[] {rows, out}, new int[] {out}));
        }
        return new Value(y, shape, null, slot);
    }

    @Override
    public int[] outputShape(int[] in) {
        int features = weight.dim(1);
        if (in.length < 1 || in[in.length - 1] != features) {
            throw new IllegalArgumentException(
                    layer + ": expected input [..., " + features + "], got " + Shape.str(in));
        }
        int[] shape = in.clone();
        shape[shape.length - 1] = weight.dim(0);
        return shape;
    }

    @Override
    public String describe() {
        return layer;
    }
}
