package dev.cochlea.examples.speech;

import dev.cochlea.Tensor;
import dev.cochlea.nn.Functional;
import dev.cochlea.nn.Module;

/**
 * The maximum over the time axis: [N, C, L] -> [N, C], as PyTorch's AdaptiveMaxPool1d(1) followed by Flatten. Unlike
 * the mean, it does not depend on how much zero padding follows a short clip.
 */
public final class GlobalMaxPool1d extends Module {
    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException(
                    "GlobalMaxPool1d: expected input [N, C, L], got " + java.util.Arrays.toString(input.shape()));
        }
        int length = input.dim(2);
        return Functional.maxPool1d(input, length, length, 0).reshape(input.dim(0), input.dim(1));
    }

    @Override
    public String toString() {
        return "GlobalMaxPool1d()";
    }
}
