package dev.cochlea.cpu;

import dev.cochlea.kernels.CrossEntropyParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Log-softmax, cross-entropy and NLL over rows of [rows, cols]; rows are short, so each runs on one thread. */
final class Losses {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private Losses() {}

    /** out = x - logsumexp(x) per row, logsumexp = max + log(sum exp(x - max)) so exp never overflows. */
    static void logSoftmax(float[] x, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float lse = logSumExp(x, off, cols);
            int i = 0;
            for (int bound = S.loopBound(cols); i < bound; i += V) {
                FloatVector.fromArray(S, x, off + i).sub(lse).intoArray(out, off + i);
            }
            for (; i < cols; i++) {
                out[off + i] = x[off + i] - lse;
            }
        }
    }

    private static float logSumExp(float[] x, int off, int n) {
        float max = Layout.max(x, off, n);
        if (max == Float.NEGATIVE_INFINITY) {
            return max;
        }
        // Scalar Math.exp: on JDK 17 the Vector API's EXP is no intrinsic and allocates per vector.
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[off + i] - (double) max);
        }
        return (float) (max + Math.log(sum));
    }

    /** gradX = gradY - exp(y) * rowSum(gradY). */
    static void logSoftmaxBackward(float[] y, float[] gy, float[] gx, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int off = r * cols;
            float sum = (float) Elementwise.sum(gy, off, cols);
            for (int i = 0; i < cols; i++) {
                gx[off + i] = (float) (gy[off + i] - Math.exp(y[off + i]) * sum);
            }
        }
    }

    static void crossEntropyForward(
            CrossEntropyParams p, float[] logits, int[] labels, float[] logProbs, float[] losses) {
        int classes = p.classes();
        logSoftmax(logits, logProbs, p.rows(), classes);
        double e = p.labelSmoothing();
        for (int r = 0; r < p.rows(); r++) {
            double sum = e == 0 ? 0 : Elementwise.sum(logProbs, r * classes, classes);
            losses[r] = (float) (-(1 - e) * logProbs[r * classes + labels[r]] - e / classes * sum);
        }
    }

    /**
     * gradLogits = gradLoss * (softmax - target), target = (1 - e) onehot + e / classes. Scalar Math.exp, as in
     * {@link #logSumExp}.
     */
    static void crossEntropyBackward(
            CrossEntropyParams p, float[] logProbs, int[] labels, float[] gradLosses, float[] gradLogits) {
        int classes = p.classes();
        float e = p.labelSmoothing();
        float spread = e / classes;
        for (int r = 0; r < p.rows(); r++) {
            int off = r * classes;
            float g = gradLosses[r];
            for (int i = 0; i < classes; i++) {
                gradLogits[off + i] = g * ((float) Math.exp(logProbs[off + i]) - spread);
            }
            gradLogits[off + labels[r]] -= g * (1f - e);
        }
    }

    static void nllForward(CrossEntropyParams p, float[] logProbs, int[] labels, float[] losses) {
        for (int r = 0; r < p.rows(); r++) {
            losses[r] = -logProbs[r * p.classes() + labels[r]];
        }
    }

    static void nllBackward(CrossEntropyParams p, int[] labels, float[] gradLosses, float[] gradLogProbs) {
        java.util.Arrays.fill(gradLogProbs, 0, p.rows() * p.classes(), 0f);
        for (int r = 0; r < p.rows(); r++) {
            gradLogProbs[r * p.classes() + labels[r]] = -gradLosses[r];
        }
    }
}
