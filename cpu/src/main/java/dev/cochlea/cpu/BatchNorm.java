package dev.cochlea.cpu;

import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation over x [batch, channels, length], parallel over channels. Statistics take two reads (mean, then
 * the sum of squared deviations, which is accurate where E[x^2] - E[x]^2 is not), each row summed in short blocks
 * of float vector lanes and the blocks combined in double.
 */
final class BatchNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private BatchNorm() {}

    /** Per-channel scale and shift such that y = x * scale + shift, plus the saved statistics. */
    static final class Affine {
        final float[] scale;
        final float[] shift;

        Affine(int channels) {
            scale = new float[channels];
            shift = new float[channels];
        }
    }

    /** Training statistics: writes saveMean/saveInvStd (when non-null), updates running stats, returns the affine map. */
    static Affine trainingAffine(Parallel par, BatchNormParams p, float[] x, BatchNormBuffers<float[]> b) {
        return trainingAffine(par, p, x, b, null);
    }

    /** Work on a channel's rows fused into its statistics pass (which runs one task per channel). */
    interface ChannelPass {
        /** Row (n, c) of x, starting at x[in], has just been read for the mean, so it is in cache. */
        void row(int c, int n, int in);

        /** Channel c's affine map is known. */
        void done(int c, float scale, float shift);
    }

    /** As {@link #trainingAffine(Parallel, BatchNormParams, float[], BatchNormBuffers)}, with pass (when non-null). */
    static Affine trainingAffine(
            Parallel par, BatchNormParams p, float[] x, BatchNormBuffers<float[]> b, ChannelPass pass) {
        float[] saveMean = b.saveMean();
        float[] saveInvStd = b.saveInvStd();
        float[] runningMean = b.runningMean();
        float[] runningVar = b.runningVar();
        Affine affine = new Affine(p.channels());
        long count = p.count();
        par.forEach(p.channels(), (double) count * p.channels() * 2, (w, c) -> {
            double sum = 0;
            for (int n = 0; n < p.batch(); n++) {
                sum += Elementwise.sum(x, row(p, n, c), p.length());
                if (pass != null) {
                    pass.row(c, n, row(p, n, c));
                }
            }
            double mean = sum / count;
            double squares = 0;
            for (int n = 0; n < p.batch(); n++) {
                squares += squaredDeviations(x, row(p, n, c), p.length(), (float) mean);
            }
            double biasedVar = squares / count;
            double invStd = 1.0 / Math.sqrt(biasedVar + p.eps());
            if (saveMean != null) {
                saveMean[c] = (float) mean;
                saveInvStd[c] = (float) invStd;
            }
            if (runningMean != null) {
                runningMean[c] = (float) ((1.0 - p.momentum()) * runningMean[c] + p.momentum() * mean);
            }
            if (runningVar != null) {
                double unbiased = biasedVar * count / (count - 1);
                runningVar[c] = (float) ((1.0 - p.momentum()) * runningVar[c] + p.momentum() * unbiased);
            }
            setAffine(affine, c, b, mean, invStd);
            if (pass != null) {
                pass.done(c, affine.scale[c], affine.shift[c]);
            }
        });
        return affine;
    }

    static Affine inferenceAffine(BatchNormParams p, BatchNormBuffers<float[]> b) {
        Affine affine = new Affine(p.channels());
        for (int c = 0; c < p.channels(); c++) {
            setAffine(affine, c, b, b.runningMean()[c], 1.0 / Math.sqrt((double) b.runningVar()[c] + p.eps()));
        }
        return affine;
    }

    private static void setAffine(Affine a, int c, BatchNormBuffers<float[]> affine, double mean, double invStd) {
        double g = affine.gamma() == null ? 1.0 : affine.gamma()[c];
        double b = affine.beta() == null ? 0.0 : affine.beta()[c];
        a.scale[c] = (float) (g * invStd);
        a.shift[c] = (float) (b - mean * g * invStd);
    }

    /** The sum of (x - mean)^2 over one row, blocked like {@link Elementwise#sum}. */
    private static double squaredDeviations(float[] x, int off, int n, float mean) {
        double s = 0;
        int bound = S.loopBound(n);
        for (int start = 0; start < bound; start += Elementwise.BLOCK) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = start, end = Math.min(bound, start + Elementwise.BLOCK); i < end; i += V) {
                FloatVector d = FloatVector.fromArray(S, x, off + i).sub(mean);
                acc = d.fma(d, acc);
            }
            s += Elementwise.sumLanes(acc);
        }
        for (int i = bound; i < n; i++) {
            double d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    /** y = x * scale[c] + shift[c] for every row. */
    static void apply(Parallel par, BatchNormParams p, Affine a, float[] x, float[] y) {
        int rows = p.batch() * p.channels();
        par.forRange(rows, 1, (double) rows * p.length(), (from, to) -> {
            for (int r = from; r < to; r++) {
                int c = r % p.channels();
                int off = r * p.length();
                float scale = a.scale[c];
                float shift = a.shift[c];
                int i = 0;
                for (int bound = S.loopBound(p.length()); i < bound; i += V) {
                    FloatVector.fromArray(S, x, off + i).fma(scale, shift).intoArray(y, off + i);
                }
                for (; i < p.length(); i++) {
                    y[off + i] = x[off + i] * scale + shift;
                }
            }
        });
    }

    /**
     * With xhat = (x - mean) invStd and M = batch * length: gradX = gamma invStd (gradY - sumG / M - xhat sumGXhat
     * / M), gradBeta = sumG, gradGamma = sumGXhat.
     */
    static void backward(
            Parallel par,
            BatchNormParams p,
            float[] x,
            float[] gy,
            BatchNormBuffers<float[]> saved,
            BatchNormGrads<float[]> grads) {
        double count = p.count();
        float[] gamma = saved.gamma();
        float[] mean = saved.saveMean();
        float[] invStd = saved.saveInvStd();
        float[] gx = grads.gradX();
        par.forEach(p.channels(), count * p.channels() * 3, (w, c) -> {
            if (count <= FEW) {
                preciseChannel(p, c, x, gy, saved, grads);
                return;
            }
            float m = mean[c];
            double sumG = 0;
            double sumGX = 0;
            for (int n = 0; n < p.batch(); n++) {
                int off = row(p, n, c);
                int bound = S.loopBound(p.length());
                for (int start = 0; start < bound; start += Elementwise.BLOCK) {
                    FloatVector accG = FloatVector.zero(S);
                    FloatVector accGX = accG;
                    for (int i = start, end = Math.min(bound, start + Elementwise.BLOCK); i < end; i += V) {
                        FloatVector g = FloatVector.fromArray(S, gy, off + i);
                        accG = accG.add(g);
                        accGX = g.fma(FloatVector.fromArray(S, x, off + i).sub(m), accGX);
                    }
                    sumG += Elementwise.sumLanes(accG);
                    sumGX += Elementwise.sumLanes(accGX);
                }
                for (int i = bound; i < p.length(); i++) {
                    sumG += gy[off + i];
                    sumGX += gy[off + i] * (x[off + i] - m);
                }
            }
            GradCoefficients k = GradCoefficients.of(gamma, c, invStd[c], sumG, sumGX, count);
            float a = k.a();
            float b = k.b();
            float shift = k.shift();
            double sumGXhat = k.sumGXhat();
            FloatVector av = FloatVector.broadcast(S, a);
            for (int n = 0; n < p.batch(); n++) {
                int off = row(p, n, c);
                int i = 0;
                for (int bound = S.loopBound(p.length()); i < bound; i += V) {
                    FloatVector xm = FloatVector.fromArray(S, x, off + i).sub(m);
                    FloatVector.fromArray(S, gy, off + i)
                            .fma(av, xm.fma(b, shift))
                            .intoArray(gx, off + i);
                }
                for (; i < p.length(); i++) {
                    gx[off + i] = gy[off + i] * a + ((x[off + i] - m) * b + shift);
                }
            }
            writeParameterGrads(grads, c, sumGXhat, sumG);
        });
    }

    /**
     * gradX = a * gradZ + b * (x - mean) + shift on channel c, from the channel's sums over (batch, length): sumG of
     * gradZ and sumGX of gradZ * (x - mean); sumGXhat = sumGX * invStd is also gradGamma.
     */
    record GradCoefficients(float a, float b, float shift, double sumGXhat) {
        static GradCoefficients of(float[] gamma, int c, double invStd, double sumG, double sumGX, double count) {
            double sumGXhat = sumGX * invStd;
            double g = gamma == null ? 1.0 : gamma[c];
            return new GradCoefficients(
                    (float) (g * invStd),
                    (float) (-g * invStd * invStd * sumGXhat / count),
                    (float) (-g * invStd * sumG / count),
                    sumGXhat);
        }
    }

    /** gradGamma[c] = sum gradY * xhat and gradBeta[c] = sum gradY, each only when asked for. */
    static void writeParameterGrads(BatchNormGrads<float[]> grads, int c, double sumGXhat, double sumG) {
        if (grads.gradGamma() != null) {
            grads.gradGamma()[c] = (float) sumGXhat;
        }
        if (grads.gradBeta() != null) {
            grads.gradBeta()[c] = (float) sumG;
        }
    }

    /**
     * Channels with at most this many elements take {@link #preciseChannel}: there the three terms of gradX nearly
     * cancel (with two elements the exact gradient is 0), so float rounding would dominate the result.
     */
    static final int FEW = 64;

    /**
     * The backward of one small channel in double, term by term as the formula reads. gz holds the gradient reaching
     * the normalised values (gradY, or gradX itself after the fused block's scatter, which this overwrites).
     */
    static void preciseChannel(
            BatchNormParams p,
            int c,
            float[] x,
            float[] gz,
            BatchNormBuffers<float[]> saved,
            BatchNormGrads<float[]> grads) {
        double mean = saved.saveMean()[c];
        double invStd = saved.saveInvStd()[c];
        float[] gamma = saved.gamma();
        float[] gx = grads.gradX();
        double count = p.count();
        double sumG = 0;
        double sumGXhat = 0;
        for (int n = 0; n < p.batch(); n++) {
            int off = row(p, n, c);
            for (int i = off; i < off + p.length(); i++) {
                sumG += gz[i];
                sumGXhat += gz[i] * (x[i] - mean) * invStd;
            }
        }
        double g = gamma == null ? 1.0 : gamma[c];
        for (int n = 0; n < p.batch(); n++) {
            int off = row(p, n, c);
            for (int i = off; i < off + p.length(); i++) {
                double xhat = (x[i] - mean) * invStd;
                gx[i] = (float) (g * invStd / count * (count * gz[i] - sumG - xhat * sumGXhat));
            }
        }
        writeParameterGrads(grads, c, sumGXhat, sumG);
    }

    static int row(BatchNormParams p, int n, int c) {
        return (n * p.channels() + c) * p.length();
    }
}
