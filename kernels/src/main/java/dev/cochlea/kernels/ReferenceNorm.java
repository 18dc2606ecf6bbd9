package dev.cochlea.kernels;

/**
 * Reference batch normalisation over x [batch, channels, length]: per channel c, the statistics run over the
 * batch * length elements x[n, c, l]. Statistics and gradient sums accumulate in double (two passes for the variance).
 */
final class ReferenceNorm {
    private ReferenceNorm() {}

    static void forwardTraining(BatchNormParams p, float[] x, BatchNormBuffers<float[]> b, float[] y) {
        float[] runningMean = b.runningMean();
        float[] runningVar = b.runningVar();
        int count = (int) p.count();
        for (int c = 0; c < p.channels(); c++) {
            double sum = 0;
            for (int n = 0; n < p.batch(); n++) {
                for (int l = 0; l < p.length(); l++) {
                    sum += x[at(p, n, c, l)];
                }
            }
            double mean = sum / count;
            double squares = 0;
            for (int n = 0; n < p.batch(); n++) {
                for (int l = 0; l < p.length(); l++) {
                    double d = x[at(p, n, c, l)] - mean;
                    squares += d * d;
                }
            }
            double biasedVar = squares / count;
            double invStd = 1.0 / Math.sqrt(biasedVar + p.eps());
            normalise(p, c, x, b, mean, invStd, y);
            b.saveMean()[c] = (float) mean;
            b.saveInvStd()[c] = (float) invStd;
            if (runningMean != null) {
                runningMean[c] = (float) ((1.0 - p.momentum()) * runningMean[c] + p.momentum() * mean);
            }
            if (runningVar != null) {
                // PyTorch keeps the unbiased variance; with count == 1 it is undefined (core rejects that case).
                double unbiasedVar = biasedVar * count / (count - 1);
                runningVar[c] = (float) ((1.0 - p.momentum()) * runningVar[c] + p.momentum() * unbiasedVar);
            }
        }
    }

    static void forwardInference(BatchNormParams p, float[] x, BatchNormBuffers<float[]> b, float[] y) {
        for (int c = 0; c < p.channels(); c++) {
            double invStd = 1.0 / Math.sqrt((double) b.runningVar()[c] + p.eps());
            normalise(p, c, x, b, b.runningMean()[c], invStd, y);
        }
    }

    /**
     * With xhat = (x - mean) * invStd and M = batch * length: gradBeta = sum gradY, gradGamma = sum gradY * xhat,
     * gradX = gamma * invStd / M * (M gradY - gradBeta - xhat gradGamma).
     */
    static void backward(BatchNormParams p, float[] x, BatchNormBuffers<float[]> b, BatchNormGrads<float[]> grads) {
        float[] gradY = grads.gradY();
        double count = p.count();
        float[] gamma = b.gamma();
        float[] gradX = grads.gradX();
        for (int c = 0; c < p.channels(); c++) {
            double mean = b.saveMean()[c];
            double invStd = b.saveInvStd()[c];
            double sumGrad = 0;
            double sumGradXhat = 0;
            for (int n = 0; n < p.batch(); n++) {
                for (int l = 0; l < p.length(); l++) {
                    int i = at(p, n, c, l);
                    sumGrad += gradY[i];
                    sumGradXhat += gradY[i] * (x[i] - mean) * invStd;
                }
            }
            double g = gamma == null ? 1.0 : gamma[c];
            for (int n = 0; n < p.batch(); n++) {
                for (int l = 0; l < p.length(); l++) {
                    int i = at(p, n, c, l);
                    double xhat = (x[i] - mean) * invStd;
                    gradX[i] = (float) (g * invStd / count * (count * gradY[i] - sumGrad - xhat * sumGradXhat));
                }
            }
            if (grads.gradGamma() != null) {
                grads.gradGamma()[c] = (float) sumGradXhat;
            }
            if (grads.gradBeta() != null) {
                grads.gradBeta()[c] = (float) sumGrad;
            }
        }
    }

    /** y = (x - mean) * invStd * gamma + beta for every element of channel c; null gamma/beta mean 1/0. */
    private static void normalise(
            BatchNormParams p,
            int c,
            float[] x,
            BatchNormBuffers<float[]> affine,
            double mean,
            double invStd,
            float[] y) {
        double g = affine.gamma() == null ? 1.0 : affine.gamma()[c];
        double b = affine.beta() == null ? 0.0 : affine.beta()[c];
        for (int n = 0; n < p.batch(); n++) {
            for (int l = 0; l < p.length(); l++) {
                int i = at(p, n, c, l);
                y[i] = (float) ((x[i] - mean) * invStd * g + b);
            }
        }
    }

    private static int at(BatchNormParams p, int n, int c, int l) {
        return (n * p.channels() + c) * p.length() + l;
    }
}
