package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import java.util.function.Function;

/**
 * Central finite differences for checking backward kernels. The reference computes in float32, so the step is large
 * (h = 1e-2 on inputs of order 1): the truncation error O(h^2) and the rounding error O(ulp / h) then both stay near
 * 1e-4, and gradients are compared with a tolerance of 2e-3 of the largest gradient (or absolute when that is < 1).
 */
final class FiniteDifferences {
    static final float STEP = 1e-2f;
    static final double TOLERANCE = 2e-3;

    private FiniteDifferences() {}

    /** A scalar loss sum(weights * output): its gradient with respect to the output is {@code weights}. */
    static double weightedSum(float[] weights, float[] output) {
        double sum = 0;
        for (int i = 0; i < output.length; i++) {
            sum += (double) weights[i] * output[i];
        }
        return sum;
    }

    /** dLoss/dx[i] = (loss(x + h e_i) - loss(x - h e_i)) / 2h for every i; x is restored afterwards. */
    static double[] gradient(float[] x, Function<float[], Double> loss) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            float saved = x[i];
            x[i] = saved + STEP;
            double up = loss.apply(x);
            x[i] = saved - STEP;
            double down = loss.apply(x);
            x[i] = saved;
            g[i] = (up - down) / (2.0 * STEP);
        }
        return g;
    }

    /** Checks an analytic gradient against finite differences of {@code loss} at x. */
    static void check(String name, float[] analytic, float[] x, Function<float[], Double> loss) {
        double[] numeric = gradient(x, loss);
        double scale = 1;
        for (double v : numeric) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < numeric.length; i++) {
            if (!(Math.abs(analytic[i] - numeric[i]) <= TOLERANCE * scale)) {
                fail(name + "[" + i + "]: analytic " + analytic[i] + " vs finite difference " + numeric[i]
                        + " (tolerance " + TOLERANCE * scale + ")");
            }
        }
    }

    static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /**
     * n distinct values 0.25 apart, symmetric about 0 and shuffled: no two are within a finite-difference step of
     * each other (so a max-pool winner never changes under the perturbation) and, for even n, none is near the mean.
     */
    static float[] spacedShuffled(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (i - (n - 1) / 2f) * 0.25f;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            float t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
        return x;
    }
}
