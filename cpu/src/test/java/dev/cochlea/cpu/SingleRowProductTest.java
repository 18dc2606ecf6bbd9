package dev.cochlea.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cochlea.kernels.GemmParams;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A single row of A (batch-1 inference through a linear layer) takes its own path ({@code Gemm.rowTimesMatrix}), but
 * must give the bits that the same row gets inside a larger product: a clip predicted alone gets the probabilities it
 * gets in any batch.
 */
class SingleRowProductTest {
    @ParameterizedTest(name = "n={0} k={1} transB={2} alpha={3} beta={4}")
    @CsvSource({
        "248, 1536, false, 1, 0",
        "248, 1536, true, 1, 0",
        "77, 13, false, 0.5, 0.7",
        "70, 9, false, -2, 1",
        "33, 40, true, 1.5, 0.25"
    })
    void aRowAloneGetsTheBitsItGetsInsideABatch(int n, int k, boolean transB, float alpha, float beta) {
        int m = 7;
        SplittableRandom random = new SplittableRandom(n * 31L + k);
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, k * n);
        float[] c = gaussian(random, m * n);
        Parallel par = new Parallel(2);

        float[] batch = c.clone();
        Gemm.gemm(par, GemmParams.of(m, n, k, false, transB).withAlphaBeta(alpha, beta), a, b, batch);

        for (int row = 0; row < m; row++) {
            float[] alone = Arrays.copyOfRange(c, row * n, (row + 1) * n);
            Gemm.gemm(
                    par,
                    GemmParams.of(1, n, k, false, transB).withAlphaBeta(alpha, beta),
                    Arrays.copyOfRange(a, row * k, (row + 1) * k),
                    b,
                    alone);
            assertArrayEquals(Arrays.copyOfRange(batch, row * n, (row + 1) * n), alone, "row " + row);
        }
    }

    private static float[] gaussian(SplittableRandom random, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
