package dev.cochlea.examples.speech;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.CounterRng;
import dev.cochlea.kernels.DType;
import dev.cochlea.nn.Module;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deterministic initialisation shared with tools/golden/seed_network.py (README "Deterministic initialisation"):
 * state-dict entry t, element i gets a value from CounterRng.uniform(1000 + t, i), computed in double and rounded
 * once, so Java and PyTorch start from bit-identical weights without storing them.
 */
final class SeedInit {
    private SeedInit() {}

    static void apply(Module model) {
        Map<String, Tensor> state = model.stateDict();
        Map<String, Tensor> values = new LinkedHashMap<>();
        int t = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            Tensor target = e.getValue();
            String name = e.getKey();
            Backend backend = target.backend();
            int seed = 1000 + t++;
            if (target.dtype() == DType.INT32) {
                values.put(name, Tensor.ofInts(backend, new int[(int) target.size()], target.shape()));
                continue;
            }
            float[] v = new float[(int) target.size()];
            int[] shape = target.shape();
            for (int i = 0; i < v.length; i++) {
                double u = CounterRng.uniform(seed, i);
                if (name.endsWith("running_mean")) {
                    v[i] = 0f;
                } else if (name.endsWith("running_var")) {
                    v[i] = 1f;
                } else if (shape.length == 3) {
                    v[i] = (float) ((2.0 * u - 1.0) / Math.sqrt(shape[1] * shape[2]));
                } else if (name.startsWith("25.")) {
                    v[i] = (float) ((2.0 * u - 1.0) / Math.sqrt(1536));
                } else if (name.endsWith("weight")) {
                    v[i] = (float) (1.0 + 0.1 * (2.0 * u - 1.0));
                } else {
                    v[i] = (float) (0.1 * (2.0 * u - 1.0));
                }
            }
            values.put(name, Tensor.of(backend, v, shape));
        }
        model.loadStateDict(values);
    }

    /** Input x [n, 1, 32000]: element i = 0.5 (2 u - 1), u = CounterRng.uniform(7, i). */
    static Tensor input(Backend backend, int n) {
        float[] v = new float[n * SpeechNets.SEED_INPUT_LENGTH];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.5 * (2.0 * CounterRng.uniform(7, i) - 1.0));
        }
        return Tensor.of(backend, v, n, 1, SpeechNets.SEED_INPUT_LENGTH);
    }
}
