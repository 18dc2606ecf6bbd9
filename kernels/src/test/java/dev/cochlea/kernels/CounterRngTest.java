package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CounterRngTest {

    @Test
    void uniformInUnitIntervalAndRoughlyUniform() {
        int n = 100_000;
        double sum = 0;
        int[] deciles = new int[10];
        for (int i = 0; i < n; i++) {
            float u = CounterRng.uniform(7, i);
            assertTrue(u >= 0f && u < 1f, "uniform(7, " + i + ") = " + u);
            sum += u;
            deciles[(int) (u * 10)]++;
        }
        // The mean of n uniforms has standard deviation sqrt(1/12/n) ~ 9e-4: allow 5 sigma.
        assertEquals(0.5, sum / n, 5e-3);
        for (int count : deciles) {
            assertEquals(n / 10.0, count, 500, "decile counts (sigma ~95)"); // ~5 sigma
        }
    }

    @Test
    void deterministicAndSeedDependent() {
        assertEquals(CounterRng.uniform(123, 45), CounterRng.uniform(123, 45));
        assertNotEquals(CounterRng.uniform(123, 45), CounterRng.uniform(124, 45));
        assertNotEquals(CounterRng.uniform(123, 45), CounterRng.uniform(123, 46));
    }
}
