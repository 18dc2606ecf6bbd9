package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Resample at the edges: rates that overflow int arithmetic, huge filter banks, and resampling only a prefix. */
class ResampleBoundsTest {
    @Test
    void ratesWhoseProductsOverflowAnIntAreRefusedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> new Resample(Integer.MAX_VALUE, 16000));
            assertTrue(e.getMessage().startsWith("resampling 2147483647 Hz to 16000 Hz needs "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Resample(16000, Integer.MAX_VALUE));
        });
    }

    @Test
    void oneHertzUpsamplesWithASmallBank() {
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            float[] y = new Resample(1, 16000).apply(new float[] {1f, 0f, -1f});
            assertEquals(48000, y.length);
        });
    }

    @Test
    void coprimeRatesBuildOnlyTheTapsInsideTheWindow() {
        // 1,000,003 Hz is prime: 16,000 phases; the old constructor scanned a million-long kernel for each.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Resample r = new Resample(1_000_003, 16000);
            assertEquals(16000, r.outputLength(1_000_003));
        });
    }

    @Test
    void aPrefixLongEnoughGivesTheSameFirstSamples() {
        float[] x = new float[50_000];
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        for (int[] rates : new int[][] {{8000, 16000}, {44100, 16000}, {22050, 16000}, {16000, 44100}, {7919, 16000}}) {
            Resample r = new Resample(rates[0], rates[1]);
            int wanted = 3000;
            int prefix = Math.toIntExact(r.inputLengthFor(wanted));
            assertTrue(prefix < x.length, "prefix " + prefix);
            float[] full = Arrays.copyOf(r.apply(x), wanted);
            float[] fromPrefix = Arrays.copyOf(r.apply(Arrays.copyOf(x, prefix)), wanted);
            assertArrayEquals(full, fromPrefix, Arrays.toString(rates));
            long least = (long) Math.ceil(wanted * (double) rates[0] / rates[1]);
            // the filter's reach past the last output's position (6 zero crossings of the lower rate)
            long reach = (long) Math.ceil(6.0 * rates[0] / (0.99 * Math.min(rates[0], rates[1]))) + 2;
            assertTrue(
                    prefix <= least + reach,
                    "a prefix not much longer than the output needs: " + prefix + " for " + least + " + " + reach);
            float[] tooShort = Arrays.copyOf(r.apply(Arrays.copyOf(x, prefix - 1)), wanted);
            assertFalse(Arrays.equals(full, tooShort), "the least prefix: " + Arrays.toString(rates));
        }
    }
}
