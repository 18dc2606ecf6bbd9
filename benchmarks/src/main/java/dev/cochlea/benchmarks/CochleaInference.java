package dev.cochlea.benchmarks;

import dev.cochlea.Autograd;
import dev.cochlea.Tensor;
import dev.cochlea.nn.Module;

import java.util.function.UnaryOperator;

/**
 * How the inference comparison runs a Cochlea model: the one place that turns a trained model into the function the
 * benchmark times, so that a faster inference path (an eval-mode execution plan) is measured by changing this method
 * alone.
 */
final class CochleaInference {
    private CochleaInference() {
    }

    /** Today: evaluation mode and a forward pass without the autograd tape. */
    static UnaryOperator<Tensor> compile(Module model) {
        model.eval();
        return input -> {
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                return model.forward(input);
            }
        };
    }
}
