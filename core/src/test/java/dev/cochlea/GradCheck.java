package dev.cochlea;

import static dev.cochlea.Assertions2.assertClose;

import java.util.function.Function;

/**
 * Finite-difference gradient checks through the public Tensor API: compares autograd's gradient of
 * L = sum(f(inputs) * R), R a fixed random tensor, with central differences (L(x + h) - L(x - h)) / 2h.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * Float32 central differences have error ~ h^2 |f'''| + eps_float |L| / h; with h = 1e-2 and O(1) values that is a
     * few 1e-4, so gradients are compared with a tolerance of {@code rtol} (callers use 1e-2) of their scale.
     */
    public static void check(String what, Function<Tensor[], Tensor> f, double rtol, float h, Tensor... inputs) {
        for (Tensor t : inputs) {
            t.requiresGrad(true);
            t.setGrad(null);
        }
        Tensor out = f.apply(inputs);
        Tensor weights = Tensor.uniform(out.backend(), new Generator(99), -1f, 1f, out.shape());
        out.mul(weights).sum().backward();
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            float[] values = x.toFloatArray();
            float[] numeric = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                float saved = values[i];
                values[i] = saved + h;
                double plus = loss(f, inputs, k, values, weights);
                values[i] = saved - h;
                double minus = loss(f, inputs, k, values, weights);
                values[i] = saved;
                numeric[i] = (float) ((plus - minus) / (2 * h));
            }
            x.copyFrom(Tensor.of(x.backend(), values, x.shape()));
            assertClose(numeric, x.grad().toFloatArray(), rtol, what + ": gradient of input " + k);
        }
    }

    private static double loss(Function<Tensor[], Tensor> f, Tensor[] inputs, int k, float[] values, Tensor weights) {
        return Autograd.noGrad(() -> {
            Tensor[] shifted = inputs.clone();
            shifted[k] = Tensor.of(inputs[k].backend(), values, inputs[k].shape());
            float[] out = f.apply(shifted).toFloatArray();
            float[] w = weights.toFloatArray();
            double sum = 0;
            for (int i = 0; i < out.length; i++) {
                sum += (double) out[i] * w[i];
            }
            return sum;
        });
    }
}
