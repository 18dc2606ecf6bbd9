package dev.cochlea.inference;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Fusion;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a model into plan steps. Nested Sequentials are flattened; then, left to right, the longest match of
 * Conv1d [BatchNorm1d] [ReLU] [MaxPool1d] becomes one {@link ConvBlockStep} (the batch norm folded when it has running
 * statistics), Linear a {@link LinearStep}, Flatten and Dropout a {@link ReshapeStep}, and anything else a
 * {@link ModuleStep} running the layer's own forward. A layer is replaced only when {@link Fusion} allows it, so a
 * subclass with its own forward keeps it.
 */
final class PlanBuilder {
    private PlanBuilder() {}

    /** A step and the names of the model's layers it replaces ("3" or "4-7"). */
    record Entry(PlanStep step, String layers) {}

    static List<Entry> build(Module model) {
        List<Module> layers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        flatten(model, "", layers, names);
        List<Entry> steps = new ArrayList<>();
        for (int i = 0; i < layers.size(); ) {
            Module m = layers.get(i);
            if (Fusion.runsForwardOf(m, Conv1d.class)) {
                int used = convBlock(layers, i, steps);
                steps.set(
                        steps.size() - 1,
                        new Entry(
                                steps.get(steps.size() - 1).step(),
                                names.get(i) + (used > 1 ? "-" + names.get(i + used - 1) : "")));
                i += used;
                continue;
            }
            PlanStep step;
            if (Fusion.runsForwardOf(m, Linear.class)) {
                Linear linear = (Linear) m;
                Tensor bias = linear.bias() == null
                        ? null
                        : constant(linear.bias(), linear.bias().toFloatArray());
                step = new LinearStep(linear.toString(), transposed(linear.weight()), bias);
            } else if (Fusion.runsForwardOf(m, Flatten.class)) {
                step = ReshapeStep.flatten((Flatten) m);
            } else if (Fusion.runsForwardOf(m, Dropout.class)) {
                step = ReshapeStep.identity((Dropout) m);
            } else {
                step = new ModuleStep(m);
            }
            steps.add(new Entry(step, names.get(i)));
            i++;
        }
        return steps;
    }

    private static void flatten(Module m, String name, List<Module> layers, List<String> names) {
        if (Fusion.runsForwardOf(m, Sequential.class)) {
            for (var child : m.children().entrySet()) {
                flatten(child.getValue(), name.isEmpty() ? child.getKey() : name + "." + child.getKey(), layers, names);
            }
        } else {
            layers.add(m);
            names.add(name.isEmpty() ? "(model)" : name);
        }
    }

    /** Adds the conv block starting at layer i and returns how many layers it took. */
    private static int convBlock(List<Module> layers, int i, List<Entry> steps) {
        Conv1d conv = (Conv1d) layers.get(i);
        int j = i + 1;
        BatchNorm1d norm = null;
        if (j < layers.size() && Fusion.runsForwardOf(layers.get(j), BatchNorm1d.class)) {
            BatchNorm1d candidate = (BatchNorm1d) layers.get(j);
            if (candidate.tracksRunningStats() && candidate.numFeatures() == conv.outChannels()) {
                norm = candidate;
                j++;
            }
        }
        boolean relu = j < layers.size() && Fusion.runsForwardOf(layers.get(j), ReLU.class);
        if (relu) {
            j++;
        }
        MaxPool1d pool = null;
        if (j < layers.size() && Fusion.runsForwardOf(layers.get(j), MaxPool1d.class)) {
            pool = (MaxPool1d) layers.get(j);
            j++;
        }
        StringBuilder what = new StringBuilder(conv.toString());
        if (norm != null) {
            what.append(" + folded ").append(norm);
        }
        if (relu) {
            what.append(" -> ReLU");
        }
        if (pool != null) {
            what.append(" -> ").append(pool);
        }
        float[] w = conv.weight().toFloatArray();
        float[] b = conv.bias() == null ? null : conv.bias().toFloatArray();
        if (norm != null) {
            BatchNormFolding.Folded f = BatchNormFolding.fold(w, b, norm);
            w = f.weight();
            b = f.bias();
        }
        Tensor weight = constant(conv.weight(), w);
        Tensor bias = b == null ? null : constant(conv.weight(), b, conv.outChannels());
        steps.add(new Entry(new ConvBlockStep(conv, weight, bias, relu, pool, what.toString()), null));
        return j - i;
    }

    /** The plan's own copy of a [rows, cols] weight, transposed to [cols, rows] by the backend. */
    private static Tensor transposed(Tensor weight) {
        float[] data;
        try (MemoryScope ignored = MemoryScope.open();
                Autograd.NoGrad ignored2 = Autograd.noGrad()) {
            data = weight.transpose(0, 1).toFloatArray();
        }
        return constant(weight, data, weight.dim(1), weight.dim(0));
    }

    /**
     * A tensor of {@code like}'s shape (or {@code shape}) and backend holding {@code data}: the plan's own copy,
     * outside any memory scope, so a plan is a snapshot of the model's weights (as torch.jit.freeze makes one).
     */
    private static Tensor constant(Tensor like, float[] data, int... shape) {
        int[] s = shape.length == 0 ? like.shape() : shape;
        return MemoryScope.outside(() -> Tensor.of(like.backend(), data, s));
    }
}
