package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.conformance.ConformanceCases.BatchNormCase;
import java.util.Random;

/** Random inputs of a batch-norm case: x with a per-channel offset and scale, and optional affine parameters. */
record BatchNormInputs(
        BatchNormParams p, float[] x, float[] gamma, float[] beta, float[] runningMean, float[] runningVar) {

    /** Channels get different means and spreads so that a mix-up between channels shows. */
    static BatchNormInputs random(BatchNormCase c) {
        BatchNormParams p = c.p();
        Random random = RandomData.forCase(c);
        float[] x = new float[p.batch() * p.channels() * p.length()];
        for (int n = 0; n < p.batch(); n++) {
            for (int ch = 0; ch < p.channels(); ch++) {
                for (int l = 0; l < p.length(); l++) {
                    x[(n * p.channels() + ch) * p.length() + l] =
                            (float) (ch * 0.5 - 1 + (1 + 0.25 * ch) * random.nextGaussian());
                }
            }
        }
        float[] gamma = c.affine() ? RandomData.uniform(random, p.channels(), -1.5f, 1.5f) : null;
        float[] beta = c.affine() ? RandomData.gaussian(random, p.channels()) : null;
        float[] runningMean = RandomData.gaussian(random, p.channels(), 0.5f);
        float[] runningVar = RandomData.uniform(random, p.channels(), 0.5f, 2f);
        return new BatchNormInputs(p, x, gamma, beta, runningMean, runningVar);
    }

    /** gamma and beta (null when the case has no affine parameters) uploaded to io's backend. */
    BatchNormBuffers<DeviceBuffer> affine(Buffers io) {
        return BatchNormBuffers.affine(io.uploadOrNull(gamma), io.uploadOrNull(beta));
    }

    /** {saveMean, saveInvStd} of the reference's training forward. */
    float[][] referenceStatistics() {
        return ConformanceSupport.onReference(io -> {
            DeviceBuffer mean = io.nanFloats(p.channels());
            DeviceBuffer invStd = io.nanFloats(p.channels());
            io.backend()
                    .kernels()
                    .batchNormForwardTraining(
                            p, io.upload(x), affine(io).withSaved(mean, invStd), io.nanFloats(x.length));
            return new float[][] {io.download(mean), io.download(invStd)};
        });
    }

    /** z = batchNorm(x) by the reference, in training (batch statistics) or inference (running statistics) mode. */
    float[] referenceNormalised(boolean training) {
        return ConformanceSupport.onReference(io -> {
            DeviceBuffer z = io.nanFloats(x.length);
            if (training) {
                io.backend()
                        .kernels()
                        .batchNormForwardTraining(
                                p,
                                io.upload(x),
                                affine(io).withSaved(io.nanFloats(p.channels()), io.nanFloats(p.channels())),
                                z);
            } else {
                io.backend()
                        .kernels()
                        .batchNormForwardInference(
                                p,
                                io.upload(x),
                                affine(io).withRunning(io.upload(runningMean), io.upload(runningVar)),
                                z);
            }
            return io.download(z);
        });
    }
}
