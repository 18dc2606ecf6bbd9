package dev.cochlea.inference;

import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Module;
import java.util.Arrays;

/** Layers that only relabel their input in evaluation mode: Flatten (a new shape) and Dropout (the identity). */
final class ReshapeStep implements PlanStep {
    private final Module layer;
    private final boolean identity;
    private final int startDim;

    private ReshapeStep(Module layer, boolean identity, int startDim) {
        this.layer = layer;
        this.identity = identity;
        this.startDim = startDim;
    }

    static ReshapeStep flatten(Flatten layer) {
        return new ReshapeStep(layer, false, layer.startDim());
    }

    static ReshapeStep identity(Dropout layer) {
        return new ReshapeStep(layer, true, 0);
    }

    @Override
    public Value run(Value in, Arena arena) {
        if (identity) {
            return in;
        }
        int[] shape = outputShape(in.shape());
        return new Value(
                in.buffer(), shape, in.tensor() == null ? null : in.tensor().reshape(shape), in.slot());
    }

    @Override
    public int[] outputShape(int[] in) {
        if (identity) {
            return in.clone();
        }
        int s = startDim < 0 ? startDim + in.length : startDim;
        if (s < 0 || s >= Math.max(1, in.length)) {
            throw new IllegalArgumentException(
                    layer + ": start_dim " + startDim + " is out of range for input of rank " + in.length);
        }
        int[] shape = Arrays.copyOf(in, s + 1);
        long tail = 1;
        for (int i = s; i < in.length; i++) {
            tail *= in[i];
        }
        shape[s] = Math.toIntExact(tail);
        return shape;
    }

    @Override
    public String describe() {
        return identity ? layer + " (identity in evaluation)" : layer + " (a view)";
    }
}
