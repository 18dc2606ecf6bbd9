package dev.cochlea.benchmarks;

import dev.cochlea.Tensor;
import dev.cochlea.inference.Inference;
import dev.cochlea.nn.Module;
import java.util.function.UnaryOperator;

/**
 * How the inference comparison runs a Cochlea model: the one place that turns a trained model into the function the
 * benchmark times, as a deployment would run it.
 */
final class CochleaInference {
    private CochleaInference() {}

    /** Evaluation mode, compiled into an inference plan (batch norm folded, conv blocks fused, no autograd tape). */
    static UnaryOperator<Tensor> compile(Module model) {
        model.eval();
        return Inference.compile(model)::forward;
    }
}
