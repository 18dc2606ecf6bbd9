package dev.cochlea.nn;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;

/**
 * In-place initialisers, as torch.nn.init, drawing from a {@link Generator} (the global one by default). Values are
 * drawn on the host and uploaded once, at construction time.
 */
public final class Init {
    private Init() {}

    /** fan_in of a weight [out, in, k...] = in * k... (PyTorch's _calculate_fan_in_and_fan_out). */
    public static int fanIn(Tensor weight) {
        int[] s = weight.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("fan in needs a weight of rank >= 2, got rank " + s.length);
        }
        int receptive = 1;
        for (int i = 2; i < s.length; i++) {
            receptive *= s[i];
        }
        return s[1] * receptive;
    }

    public static int fanOut(Tensor weight) {
        int[] s = weight.shape();
        int receptive = 1;
        for (int i = 2; i < s.length; i++) {
            receptive *= s[i];
        }
        return s[0] * receptive;
    }

    public static Tensor uniform(Tensor t, float low, float high, Generator gen) {
        float[] v = new float[(int) t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = gen.uniform(low, high);
        }
        return set(t, v);
    }

    public static Tensor normal(Tensor t, float mean, float std, Generator gen) {
        float[] v = new float[(int) t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = gen.normal(mean, std);
        }
        return set(t, v);
    }

    public static Tensor constant(Tensor t, float value) {
        t.backend().kernels().fill(t.buffer(), t.size(), value);
        return t;
    }

    public static Tensor zeros(Tensor t) {
        return constant(t, 0f);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1f);
    }

    /**
     * He/Kaiming uniform with leaky-ReLU slope {@code a}: bound = sqrt(3) * gain / sqrt(fan_in), gain =
     * sqrt(2 / (1 + a^2)), evaluated in PyTorch's order so the float bound, and with it every draw, is PyTorch's.
     * PyTorch's Conv1d and Linear use a = sqrt(5), which gives bound = 1 / sqrt(fan_in).
     */
    public static Tensor kaimingUniform(Tensor t, double a, Generator gen) {
        double gain = Math.sqrt(2.0 / (1.0 + a * a));
        double std = gain / Math.sqrt(fanIn(t));
        float bound = (float) (Math.sqrt(3.0) * std);
        return uniform(t, -bound, bound, gen);
    }

    /** He/Kaiming normal for ReLU networks (a = 0, fan_in mode): std = sqrt(2) / sqrt(fan_in). */
    public static Tensor kaimingNormal(Tensor t, Generator gen) {
        return normal(t, 0f, (float) (Math.sqrt(2.0) / Math.sqrt(fanIn(t))), gen);
    }

    /** Glorot/Xavier uniform: bound = sqrt(3) * sqrt(2 / (fan_in + fan_out)), in PyTorch's order. */
    public static Tensor xavierUniform(Tensor t, Generator gen) {
        float bound = (float) (Math.sqrt(3.0) * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))));
        return uniform(t, -bound, bound, gen);
    }

    private static Tensor set(Tensor t, float[] values) {
        t.backend().upload(values, 0, t.buffer(), 0, values.length);
        return t;
    }
}
