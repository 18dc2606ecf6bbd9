package dev.cochlea.inference;

import dev.cochlea.Autograd;
import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.nn.Module;
import java.util.Map;

/**
 * Gives every batch norm of a model trained-looking state (running mean in [-0.5, 0.5], running variance in
 * [0.2, 2], gamma in [0.5, 1.5] with some negative, beta in [-0.3, 0.3]), so folding it is not the identity.
 */
public final class NormStatistics {
    private NormStatistics() {}

    public static void randomize(Module model, long seed) {
        Generator gen = new Generator(seed);
        Autograd.noGrad(() -> {
            for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
                Tensor t = e.getValue();
                String name = e.getKey();
                if (name.endsWith("running_mean")) {
                    t.copyFrom(Tensor.uniform(t.backend(), gen, -0.5f, 0.5f, t.shape()));
                } else if (name.endsWith("running_var")) {
                    t.copyFrom(Tensor.uniform(t.backend(), gen, 0.2f, 2f, t.shape()));
                } else if (t.rank() == 1 && isNormAffine(model, name)) {
                    boolean gamma = name.endsWith("weight");
                    Tensor v = gamma
                            ? Tensor.uniform(t.backend(), gen, 0.5f, 1.5f, t.shape())
                            : Tensor.uniform(t.backend(), gen, -0.3f, 0.3f, t.shape());
                    if (gamma) {
                        float[] g = v.toFloatArray();
                        g[0] = -g[0];
                        v = Tensor.of(t.backend(), g, t.shape());
                    }
                    t.copyFrom(v);
                }
            }
        });
    }

    /** True for the weight and bias of a layer that also has a running_mean (a batch norm). */
    private static boolean isNormAffine(Module model, String name) {
        String prefix = name.substring(0, name.lastIndexOf('.') + 1);
        return model.stateDict().containsKey(prefix + "running_mean");
    }
}
