package dev.cochlea.examples.speech;

import dev.cochlea.Tensor;
import dev.cochlea.nn.Module;

/** The mean over the time axis: [N, C, L] -> [N, C], as PyTorch's AdaptiveAvgPool1d(1) followed by Flatten. */
public final class GlobalAvgPool1d extends Module {
    @Override
    public Tensor forward(Tensor input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("GlobalAvgPool1d: expected input [N, C, L], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        return input.mean(2, false);
    }

    @Override
    public String toString() {
        return "GlobalAvgPool1d()";
    }
}
