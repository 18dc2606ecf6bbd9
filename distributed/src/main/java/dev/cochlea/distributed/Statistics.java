package dev.cochlea.distributed;

import dev.cochlea.Shape;

/**
 * The batch statistics of {@link SyncBatchNorm1d} over every rank's [N, C, L] input, and the matching backward. Sums
 * are taken in double on each rank and all-reduced; count, mean and variance are global, the input stays local.
 */
final class Statistics {
    /** The three gradients of batch norm for this rank's input: dx, and the local sums for gamma and beta. */
    record Gradients(float[] input, float[] weight, float[] bias) {}

    private final float[] x;
    private final int n;
    private final int channels;
    private final int length;
    private final long count;
    private final double[] mean;
    private final double[] variance;
    private final double[] invStd;

    private Statistics(
            float[] x, int n, int channels, int length, long count, double[] mean, double[] variance, double eps) {
        this.x = x;
        this.n = n;
        this.channels = channels;
        this.length = length;
        this.count = count;
        this.mean = mean;
        this.variance = variance;
        this.invStd = new double[channels];
        for (int c = 0; c < channels; c++) {
            invStd[c] = 1.0 / Math.sqrt(variance[c] + eps);
        }
    }

    static Statistics of(float[] x, int n, int channels, int length, float eps, Collective collective, String layer) {
        float[] sums = new float[channels + 1];
        for (int c = 0; c < channels; c++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * length;
                for (int j = 0; j < length; j++) {
                    s += x[base + j];
                }
            }
            sums[c] = (float) s;
        }
        sums[channels] = (float) n * length;
        collective.allReduceSum(sums);
        long count = Math.round(sums[channels]);
        if (count < 2) {
            throw new IllegalArgumentException(layer + ": expected more than 1 value per channel over all ranks "
                    + "when training, got " + count + " (input " + Shape.str(new int[] {n, channels, length}) + ")");
        }
        double[] mean = new double[channels];
        float[] squares = new float[channels];
        for (int c = 0; c < channels; c++) {
            mean[c] = (double) sums[c] / count;
            double s = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * length;
                for (int j = 0; j < length; j++) {
                    double d = x[base + j] - mean[c];
                    s += d * d;
                }
            }
            squares[c] = (float) s;
        }
        collective.allReduceSum(squares);
        double[] variance = new double[channels];
        for (int c = 0; c < channels; c++) {
            variance[c] = (double) squares[c] / count;
        }
        return new Statistics(x, n, channels, length, count, mean, variance, eps);
    }

    long count() {
        return count;
    }

    double mean(int channel) {
        return mean[channel];
    }

    /** The biased (population) variance over all ranks. */
    double variance(int channel) {
        return variance[channel];
    }

    /** y = (x - mean) / sqrt(var + eps) * gamma + beta; gamma and beta may be null (affine = false). */
    float[] normalise(float[] weight, float[] bias) {
        float[] y = new float[x.length];
        for (int c = 0; c < channels; c++) {
            double scale = invStd[c] * (weight != null ? weight[c] : 1f);
            double shift = bias != null ? bias[c] : 0f;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * length;
                for (int j = 0; j < length; j++) {
                    y[base + j] = (float) ((x[base + j] - mean[c]) * scale + shift);
                }
            }
        }
        return y;
    }

    /**
     * dx = gamma / std * (dy - mean(dy) - x̂ mean(dy x̂)), the means over all ranks (PyTorch's
     * batch_norm_backward_elemt after the all-reduce of sum_dy and sum_dy_xmu); dgamma = sum(dy x̂) and
     * dbeta = sum(dy) over this rank only, as DistributedDataParallel averages parameter gradients itself.
     */
    Gradients backward(float[] dy, float[] weight, Collective collective) {
        double[] localDy = new double[channels];
        double[] localDyXhat = new double[channels];
        float[] sums = new float[2 * channels];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * length;
                for (int j = 0; j < length; j++) {
                    localDy[c] += dy[base + j];
                    localDyXhat[c] += dy[base + j] * (x[base + j] - mean[c]) * invStd[c];
                }
            }
            sums[c] = (float) localDy[c];
            sums[channels + c] = (float) localDyXhat[c];
        }
        collective.allReduceSum(sums);
        float[] dx = new float[x.length];
        float[] dWeight = new float[channels];
        float[] dBias = new float[channels];
        for (int c = 0; c < channels; c++) {
            double meanDy = (double) sums[c] / count;
            double meanDyXhat = (double) sums[channels + c] / count;
            double scale = invStd[c] * (weight != null ? weight[c] : 1f);
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * length;
                for (int j = 0; j < length; j++) {
                    double xhat = (x[base + j] - mean[c]) * invStd[c];
                    dx[base + j] = (float) (scale * (dy[base + j] - meanDy - xhat * meanDyXhat));
                }
            }
            dWeight[c] = (float) localDyXhat[c];
            dBias[c] = (float) localDy[c];
        }
        return new Gradients(dx, dWeight, dBias);
    }
}
