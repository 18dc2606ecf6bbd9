package dev.cochlea.onnx;

import dev.cochlea.Autograd;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.DType;
import dev.cochlea.nn.Module;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random values for every float weight and buffer of a model, so that BatchNorm's running statistics and affine
 * terms are not the identity they start as, and a test of an export checks them all. Scales keep activations of
 * order one through deep networks: conv and linear weights N(0, 1/fan_in), BatchNorm scales N(1, 0.3), biases and
 * running means N(0, 0.5), running variances U(0.5, 2).
 */
public final class RandomWeights {
    private RandomWeights() {}

    public static void randomise(Module net, SplittableRandom random) {
        Autograd.noGrad(() -> {
            for (Map.Entry<String, Tensor> e : net.stateDict().entrySet()) {
                Tensor t = e.getValue();
                if (t.dtype() != DType.FLOAT32) {
                    continue;
                }
                String key = e.getKey();
                float[] values = new float[(int) t.size()];
                boolean variance = key.endsWith("running_var");
                boolean scale = key.endsWith("weight") && t.rank() == 1;
                double std =
                        key.endsWith("weight") && t.rank() > 1 ? 1 / Math.sqrt(t.size() / t.dim(0)) : scale ? 0.3 : 0.5;
                for (int i = 0; i < values.length; i++) {
                    values[i] = variance
                            ? (float) random.nextDouble(0.5, 2.0)
                            : (float) ((scale ? 1 : 0) + random.nextGaussian() * std);
                }
                t.copyFrom(Tensor.of(t.backend(), values, t.shape()));
            }
        });
    }
}
