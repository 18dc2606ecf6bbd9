package dev.cochlea.kernels.conformance;

import java.util.Random;

/** Seeded random inputs for kernel tests. Continuous draws make exact ties (in max-pool, argmax) practically absent. */
public final class RandomData {
    private RandomData() {}

    /** A generator seeded from a case's description, so each case gets its own fixed data. */
    public static Random forCase(Object testCase) {
        return new Random(testCase.toString().hashCode() * 0x9E3779B97F4A7C15L);
    }

    /** Standard normal floats. */
    public static float[] gaussian(Random random, long n) {
        return gaussian(random, n, 1f);
    }

    /** Normal floats of standard deviation {@code std}; {@code n} must fit a Java array. */
    public static float[] gaussian(Random random, long n, float std) {
        float[] x = new float[Math.toIntExact(n)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian() * std;
        }
        return x;
    }

    /** Logits with a spread typical of a classifier (standard deviation 2), shifted by {@code offset}. */
    public static float[] logits(Random random, int n, float offset) {
        float[] x = gaussian(random, n, 2f);
        for (int i = 0; i < n; i++) {
            x[i] += offset;
        }
        return x;
    }

    /** Uniform floats in [lo, hi). */
    public static float[] uniform(Random random, int n, float lo, float hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = lo + (hi - lo) * random.nextFloat();
        }
        return x;
    }

    /** Floats whose magnitude is at least {@code minMagnitude}, with random signs: safe divisors. */
    public static float[] awayFromZero(Random random, int n, float minMagnitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            float magnitude = minMagnitude + Math.abs((float) random.nextGaussian());
            x[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return x;
    }

    /** Class labels in [0, classes). */
    public static int[] labels(Random random, int rows, int classes) {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(classes);
        }
        return labels;
    }
}
