package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Tensor;

/**
 * Records the backward of a layer op {@code y = f(x, weight) + bias} (conv1d, linear): the input's gradient where
 * {@code x} wants one, the parameters' gradients where the weight or the bias wants one.
 */
final class LayerBackward {
    private LayerBackward() {}

    /** Fills {@code gx}, shaped as the input, from the output's gradient {@code g}. */
    @FunctionalInterface
    interface InputGrad {
        void fill(Tensor g, Tensor gx);
    }

    /** The weight's and the bias's gradients, in that order, {@code null} where not wanted. */
    @FunctionalInterface
    interface ParamGrads {
        Tensor[] compute(Tensor g, boolean wantWeight, boolean wantBias);
    }

    /** {@code y}, recorded as computed by {@code op} from {@code x}, {@code weight} and {@code bias} (or null). */
    static Tensor record(
            String op, Tensor y, Tensor x, Tensor weight, Tensor bias, InputGrad input, ParamGrads params) {
        return Autograd.record(
                op,
                y,
                g -> {
                    Tensor gx = null;
                    if (x.requiresGrad()) {
                        gx = Tensor.empty(x.backend(), x.shape());
                        input.fill(g, gx);
                    }
                    boolean wantWeight = weight.requiresGrad();
                    boolean wantBias = bias != null && bias.requiresGrad();
                    Tensor[] gwb = wantWeight || wantBias ? params.compute(g, wantWeight, wantBias) : new Tensor[2];
                    return new Tensor[] {gx, gwb[0], gwb[1]};
                },
                x,
                weight,
                bias);
    }
}
