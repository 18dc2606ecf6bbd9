package dev.cochlea;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Linear;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Generator} draws exactly what PyTorch's CPU generator draws for the same seed (tools/golden/make_golden.py,
 * generator_*): the comparison is bit for bit, as the algorithm is the same, not an approximation of it.
 */
class GeneratorGoldenTest {
    private static final Backend BACKEND = Backends.get("reference");

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1234, (1L << 40) + 7})
    void streamsMatchTorchManualSeed(long seed) {
        Golden golden = Golden.load("generator_seed" + seed);
        Generator g = new Generator(seed);
        assertArrayEquals(golden.floats("uniform"), uniforms(g, 1000, -0.3f, 0.7f), "uniform_(-0.3, 0.7)");
        assertArrayEquals(golden.ints("randperm_37"), g.permutation(37), "randperm(37)");
        assertArrayEquals(golden.ints("randperm_2000"), g.permutation(2000), "randperm(2000)");
        int[] ints = new int[50];
        for (int i = 0; i < ints.length; i++) {
            ints[i] = g.nextInt(10);
        }
        assertArrayEquals(golden.ints("randint_10"), ints, "randint(0, 10)");
        long[] longs = new long[5];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = g.nextLong();
        }
        assertArrayEquals(golden.raw("random_int64").longs(), longs, "int64 random_()");
        assertArrayEquals(golden.floats("uniform_after"), uniforms(g, 10, 0f, 1f), "uniform_(0, 1) after the rest");
    }

    @Test
    void defaultInitialisationMatchesTorch() {
        Golden golden = Golden.load("generator_modules");
        Generator g = new Generator(golden.metaInt("seed"));
        Conv1d conv = new Conv1d(3, 4, 5, Conv1d.options(), BACKEND, g);
        Linear linear = new Linear(6, 3, true, BACKEND, g);
        Conv1d convNoBias = new Conv1d(2, 3, 4, Conv1d.options().bias(false), BACKEND, g);
        assertArrayEquals(golden.floats("conv.weight"), conv.weight().toFloatArray());
        assertArrayEquals(golden.floats("conv.bias"), conv.bias().toFloatArray());
        assertArrayEquals(golden.floats("linear.weight"), linear.weight().toFloatArray());
        assertArrayEquals(golden.floats("linear.bias"), linear.bias().toFloatArray());
        assertArrayEquals(
                golden.floats("conv_nobias.weight"), convNoBias.weight().toFloatArray());
    }

    @Test
    void copyDrawsWhatTheOriginalDrawsNext() {
        Generator g = new Generator(5);
        g.permutation(700); // past the first 624-word block, so the copy must carry the position too
        Generator copy = g.copy();
        assertArrayEquals(g.permutation(1000), copy.permutation(1000));
        assertEquals(g.nextLong(), copy.nextLong());
        assertNotEquals(g.nextLong(), new Generator(5).nextLong());
    }

    private static float[] uniforms(Generator g, int n, float low, float high) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = g.uniform(low, high);
        }
        return v;
    }
}
