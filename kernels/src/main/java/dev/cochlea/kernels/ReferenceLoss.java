package dev.cochlea.kernels;

/** Reference log-softmax, cross-entropy and negative log-likelihood over rows of [rows, cols]. Sums in double. */
final class ReferenceLoss {
    private ReferenceLoss() {}

    /** out = x - logsumexp(x) per row, with logsumexp = max + log(sum exp(x - max)) so exp never overflows. */
    static void logSoftmax(float[] x, float[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            double lse = logSumExp(x, r * cols, cols);
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = (float) (x[r * cols + c] - lse);
            }
        }
    }

    /** gradX = gradY - softmax * rowSum(gradY), with softmax = exp(y). */
    static void logSoftmaxBackward(float[] y, float[] gradY, float[] gradX, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                sum += gradY[r * cols + c];
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                gradX[i] = (float) (gradY[i] - Math.exp(y[i]) * sum);
            }
        }
    }

    /** losses[r] = -sum over c of target[r, c] * logProbs[r, c], target = (1 - e) onehot(label) + e / classes. */
    static void crossEntropyForward(
            CrossEntropyParams p, float[] logits, int[] labels, float[] logProbs, float[] losses) {
        int classes = p.classes();
        logSoftmax(logits, logProbs, p.rows(), classes);
        double e = p.labelSmoothing();
        for (int r = 0; r < p.rows(); r++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += logProbs[r * classes + c];
            }
            losses[r] = (float) (-(1 - e) * logProbs[r * classes + labels[r]] - e / classes * sum);
        }
    }

    /** The gradient of the loss above through the log-softmax: gradLosses[r] * (softmax - target). */
    static void crossEntropyBackward(
            CrossEntropyParams p, float[] logProbs, int[] labels, float[] gradLosses, float[] gradLogits) {
        int classes = p.classes();
        double e = p.labelSmoothing();
        for (int r = 0; r < p.rows(); r++) {
            for (int c = 0; c < classes; c++) {
                double target = (c == labels[r] ? 1 - e : 0) + e / classes;
                int i = r * classes + c;
                gradLogits[i] = (float) (gradLosses[r] * (Math.exp(logProbs[i]) - target));
            }
        }
    }

    static void nllForward(CrossEntropyParams p, float[] logProbs, int[] labels, float[] losses) {
        for (int r = 0; r < p.rows(); r++) {
            losses[r] = -logProbs[r * p.classes() + labels[r]];
        }
    }

    static void nllBackward(CrossEntropyParams p, int[] labels, float[] gradLosses, float[] gradLogProbs) {
        for (int r = 0; r < p.rows(); r++) {
            for (int c = 0; c < p.classes(); c++) {
                gradLogProbs[r * p.classes() + c] = c == labels[r] ? -gradLosses[r] : 0f;
            }
        }
    }

    private static double logSumExp(float[] x, int offset, int count) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < count; c++) {
            max = Math.max(max, x[offset + c]);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            return max; // every entry -inf: the row has no mass; x - lse is NaN as in PyTorch
        }
        double sum = 0;
        for (int c = 0; c < count; c++) {
            sum += Math.exp(x[offset + c] - (double) max);
        }
        return max + Math.log(sum);
    }
}
