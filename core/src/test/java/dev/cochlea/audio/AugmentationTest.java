package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    private static float[] sine(double hz, int rate, int n, double amplitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    private static double power(float[] x) {
        double p = 0;
        for (float v : x) {
            p += (double) v * v;
        }
        return p / x.length;
    }

    @Test
    void shiftsCircularlyOrWithZeros() {
        float[] x = {1, 2, 3, 4, 5};
        assertArrayEquals(new float[] {4, 5, 1, 2, 3}, RandomTimeShift.shift(x, 2, RandomTimeShift.Mode.CIRCULAR));
        assertArrayEquals(new float[] {3, 4, 5, 1, 2}, RandomTimeShift.shift(x, -2, RandomTimeShift.Mode.CIRCULAR));
        assertArrayEquals(new float[] {0, 0, 1, 2, 3}, RandomTimeShift.shift(x, 2, RandomTimeShift.Mode.ZERO_FILL));
        assertArrayEquals(new float[] {3, 4, 5, 0, 0}, RandomTimeShift.shift(x, -2, RandomTimeShift.Mode.ZERO_FILL));
        assertArrayEquals(new float[5], RandomTimeShift.shift(x, 7, RandomTimeShift.Mode.ZERO_FILL));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5}, x, "input untouched");
    }

    @Test
    void randomShiftStaysInRangeAndIsDeterministic() {
        float[] x = new float[50];
        x[25] = 1; // an impulse: its new position is the shift
        RandomTimeShift shift = new RandomTimeShift(10, RandomTimeShift.Mode.ZERO_FILL);
        Random rng = new Random(3);
        boolean[] seen = new boolean[21];
        for (int trial = 0; trial < 400; trial++) {
            float[] y = shift.apply(x, rng);
            int at = indexOfMax(y);
            assertTrue(Math.abs(at - 25) <= 10, "shift " + (at - 25));
            seen[at - 15] = true;
        }
        for (boolean s : seen) {
            assertTrue(s, "every shift in [-10, 10] occurs");
        }
        assertArrayEquals(shift.apply(x, new Random(9)), shift.apply(x, new Random(9)));
        assertEquals(
                400,
                RandomTimeShift.ofSeconds(0.05, 8000, RandomTimeShift.Mode.CIRCULAR)
                        .apply(new float[400], new Random(1))
                        .length);
    }

    private static int indexOfMax(float[] y) {
        int best = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] > y[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void gainScalesByDecibels() {
        float[] x = {0.5f, -0.25f};
        assertArrayEquals(new float[] {1f, -0.5f}, RandomGain.gain(x, 20 * Math.log10(2)), 1e-6f);
        RandomGain gain = new RandomGain(-6, 6);
        Random rng = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            double db = 20 * Math.log10(gain.apply(x, rng)[0] / 0.5);
            assertTrue(db >= -6 - 1e-4 && db <= 6 + 1e-4, "gain " + db + " dB");
        }
        assertArrayEquals(new float[] {0.5f, -0.25f}, new RandomGain(0, 0).apply(x, rng));
    }

    @Test
    void whiteNoiseHitsTheRequestedSnr() {
        float[] x = sine(440, 16000, 16000, 0.3);
        float[] y = AddWhiteNoise.addNoise(x, 10, new SplittableRandom(11));
        float[] noise = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            noise[i] = y[i] - x[i];
        }
        double snr = 10 * Math.log10(power(x) / power(noise));
        // 16000 Gaussian samples estimate the noise power to about 1% (0.05 dB); allow 0.1 dB.
        assertEquals(10, snr, 0.1);
        float[] silence = new float[100];
        assertArrayEquals(silence, new AddWhiteNoise(0, 20).apply(silence, new Random(1)));
    }

    @Test
    void sameSeedSameOutputDifferentSeedDifferentOutput() {
        Augmentation augment = new RandomTimeShift(100, RandomTimeShift.Mode.CIRCULAR)
                .andThen(new RandomGain(-6, 6))
                .andThen(new AddWhiteNoise(5, 20))
                .andThen(new SpeedPerturbation(8000, 0.9, 1.0, 1.1));
        float[] x = sine(300, 8000, 2000, 0.5);
        float[] a = augment.apply(x, new Random(42));
        float[] b = augment.apply(x, new Random(42));
        float[] c = augment.apply(x, new Random(43));
        assertArrayEquals(a, b);
        assertTrue(!Arrays.equals(a, c), "a different seed gives a different result");
        assertArrayEquals(sine(300, 8000, 2000, 0.5), x, "input untouched");
    }

    @Test
    void withProbabilityAppliesSometimes() {
        Augmentation louder = (w, rng) -> RandomGain.gain(w, 6);
        Augmentation half = louder.withProbability(0.5);
        Random rng = new Random(7);
        int applied = 0;
        for (int i = 0; i < 1000; i++) {
            if (half.apply(new float[] {1}, rng)[0] != 1f) {
                applied++;
            }
        }
        assertTrue(applied > 430 && applied < 570, "applied " + applied + " of 1000");
        assertThrows(IllegalArgumentException.class, () -> louder.withProbability(1.5));
    }

    @Test
    void speedPerturbationChangesDurationAndPitch() {
        int rate = 8000;
        float[] x = sine(500, rate, 8000, 0.5);
        float[] faster = new SpeedPerturbation(rate, 1.25).apply(x, new Random(1));
        assertEquals(6400, faster.length, "1.25x faster: 8000 * 8000 / 10000 samples");
        // A 500 Hz tone played 1.25x faster is 625 Hz: count zero crossings away from the edges.
        int crossings = 0;
        for (int i = 1000; i < 5800; i++) {
            if ((faster[i - 1] < 0) != (faster[i] < 0)) {
                crossings++;
            }
        }
        double hz = crossings / 2.0 / (4800.0 / rate);
        assertEquals(625, hz, 3);
        assertArrayEquals(new Resample(10000, 8000).apply(x), faster);
        assertNotEquals(0, faster[100]);
        assertThrows(IllegalArgumentException.class, () -> new SpeedPerturbation(rate, 0.0));
    }

    @Test
    void rejectsInvalidRanges() {
        assertThrows(IllegalArgumentException.class, () -> new RandomGain(6, -6));
        assertThrows(IllegalArgumentException.class, () -> new AddWhiteNoise(30, 10));
        assertThrows(IllegalArgumentException.class, () -> new RandomTimeShift(-1, RandomTimeShift.Mode.CIRCULAR));
    }
}
