package dev.cochlea.inference;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Module;
import java.util.List;

/**
 * Compiles a model for inference, as torch.jit.freeze or ONNX Runtime's graph optimisation do:
 * <pre>{@code
 * model.eval();
 * InferencePlan plan = Inference.compile(model);
 * Tensor logits = plan.forward(x);            // thread-safe; equals model.forward(x) in evaluation mode
 * System.out.print(plan.describe());          // what was folded and fused
 * }</pre>
 * The plan folds each BatchNorm1d with running statistics into the Conv1d before it (see {@link BatchNormFolding}
 * for the formula), runs Conv1d [+ BatchNorm1d] [+ ReLU] [+ MaxPool1d] as one conv-block kernel, Linear as one
 * gemm, Flatten and Dropout as views, and every other layer through its own forward without gradients. Any network
 * of these layers benefits, nested Sequentials included; a subclass that overrides forward runs its own forward.
 */
public final class Inference {
    private Inference() {}

    /**
     * A plan for {@code model}, which must be in evaluation mode (training-mode batch norm and dropout depend on the
     * batch and on chance, so they cannot be frozen). The plan runs on the backend of the model's parameters.
     */
    public static InferencePlan compile(Module model) {
        if (model.isTraining()) {
            throw new IllegalStateException("Inference.compile: the model is in training mode; call model.eval() "
                    + "first (batch norm must use its running statistics and dropout must be off)");
        }
        List<Tensor> params = model.parameters();
        Backend backend = params.isEmpty() ? Backends.best() : params.get(0).backend();
        return new InferencePlan(backend, PlanBuilder.build(model));
    }
}
