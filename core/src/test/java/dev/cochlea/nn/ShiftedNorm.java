package dev.cochlea.nn;

import dev.cochlea.Tensor;

/**
 * A BatchNorm1d subclass with its own forward (its output shifted by 0.25): the fused kernel and the inference plan's
 * folding must leave it alone and run the forward as written.
 */
public final class ShiftedNorm extends BatchNorm1d {
    public ShiftedNorm(int channels) {
        super(channels);
    }

    @Override
    public Tensor forward(Tensor input) {
        return super.forward(input).add(0.25f);
    }
}
