package dev.cochlea.nn;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backends;
import java.util.ArrayList;
import java.util.List;

/**
 * torch.nn.Sequential: children named "0", "1", ... applied in order. {@link #forward} runs an execution plan of
 * named {@link Step}s built from the children ({@link #plan()}): one step per layer, except that a BatchNorm1d ->
 * ReLU -> MaxPool1d run becomes one {@link BatchNormReluMaxPool} step (same result, without materialising the
 * normalised activations), so conv blocks written layer by layer get the backends' fused kernels. Which layers may
 * fuse is decided by {@link Fusion}; {@link #summary(int...)} shows the plan. {@code -Dcochlea.fuse=false} or
 * {@link #setFusion} turns fusion off.
 */
public class Sequential extends Module {
    private static volatile boolean fusion = !"false".equalsIgnoreCase(System.getProperty("cochlea.fuse"));

    private final List<Module> layers = new ArrayList<>();
    /** The plan for the children as they are and the fusion setting it was built with (rebuilt when either changes). */
    private volatile Plan plan;

    /** One step of the execution plan: layers [first, first + count) run as one unit. */
    public interface Step {
        Tensor forward(Tensor x);

        /** Index of the first layer this step runs. */
        int first();

        /** Number of consecutive layers this step runs. */
        int count();

        /** What the step runs, e.g. "fused BatchNorm1d -> ReLU -> MaxPool1d". */
        String describe();
    }

    /** The unfused step: one layer's own forward. */
    private record LayerStep(int first, Module layer) implements Step {
        @Override
        public Tensor forward(Tensor x) {
            return layer.forward(x);
        }

        @Override
        public int count() {
            return 1;
        }

        @Override
        public String describe() {
            return layer.toString();
        }
    }

    private record Plan(List<Step> steps, boolean fused) {}

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public Sequential add(Module module) {
        registerModule(Integer.toString(layers.size()), module);
        layers.add(module);
        plan = null;
        return this;
    }

    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    public List<Module> layers() {
        return List.copyOf(layers);
    }

    /** Turns the BatchNorm1d -> ReLU -> MaxPool1d fusion on or off for every Sequential (default on). */
    public static void setFusion(boolean enabled) {
        fusion = enabled;
    }

    public static boolean isFusion() {
        return fusion;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Step step : plan()) {
            x = step.forward(x);
        }
        return x;
    }

    /** The execution plan {@link #forward} runs: the children in order, fused where {@link Fusion} allows. */
    public List<Step> plan() {
        Plan p = plan;
        boolean fuse = fusion;
        if (p == null || p.fused() != fuse) {
            p = new Plan(buildPlan(fuse), fuse);
            plan = p;
        }
        return p.steps();
    }

    private List<Step> buildPlan(boolean fuse) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (fuse && BatchNormReluMaxPool.matches(layers, i)) {
                steps.add(new BatchNormReluMaxPool(
                        i, (BatchNorm1d) layers.get(i), (ReLU) layers.get(i + 1), (MaxPool1d) layers.get(i + 2)));
                i += 2;
            } else {
                steps.add(new LayerStep(i, layers.get(i)));
            }
        }
        return List.copyOf(steps);
    }

    /** The plan as text, one step a line: the layers it covers and what runs them. */
    public String describePlan() {
        StringBuilder sb = new StringBuilder("execution plan:\n");
        for (Step step : plan()) {
            String span = step.count() == 1
                    ? Integer.toString(step.first())
                    : step.first() + "-" + (step.first() + step.count() - 1);
            sb.append(String.format("  %-7s %s%n", span, step.describe()));
        }
        return sb.toString();
    }

    @Override
    public String summary() {
        return super.summary() + describePlan();
    }

    /**
     * The module table plus each layer's output shape for an input of {@code inputShape}, found by running the layers
     * once in evaluation mode without gradients (the model's mode is restored).
     */
    public String summary(int... inputShape) {
        boolean wasTraining = isTraining();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-5s %-58s %-18s %12s  %s%n", "name", "module", "output", "params", "plan step"));
        String[] stepOf = new String[layers.size()];
        for (Step step : plan()) {
            for (int i = step.first(); i < step.first() + step.count(); i++) {
                stepOf[i] = step.count() == 1
                        ? ""
                        : step.describe() + " (layers " + step.first() + "-" + (step.first() + step.count() - 1) + ")";
            }
        }
        eval();
        try (MemoryScope ignored = MemoryScope.open();
                Autograd.NoGrad ignored2 = Autograd.noGrad()) {
            Tensor x = Tensor.zeros(
                    parameters().isEmpty()
                            ? Backends.best()
                            : parameters().get(0).backend(),
                    inputShape);
            for (int i = 0; i < layers.size(); i++) {
                Module m = layers.get(i);
                x = m.forward(x);
                sb.append(String.format(
                                        "%-5s %-58s %-18s %,12d  %s%n",
                                        i, m, Shape.str(x.shape()), m.parameterCount(), stepOf[i])
                                .stripTrailing())
                        .append(System.lineSeparator());
            }
        } finally {
            train(wasTraining);
        }
        sb.append(String.format("total trainable parameters: %,d%n", parameterCount()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Sequential(" + layers.size() + " layers)";
    }
}
