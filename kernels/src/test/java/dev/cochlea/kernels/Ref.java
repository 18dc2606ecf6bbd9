package dev.cochlea.kernels;

import dev.cochlea.kernels.conformance.Buffers;

/**
 * The reference kernels as functions of host arrays, so that hand-computed tests and gradient checks read as maths.
 * Each call uploads, runs one kernel on a fresh {@link ReferenceBackend} and downloads.
 */
final class Ref {
    static final Backend BACKEND = new ReferenceBackend();
    static final Kernels K = BACKEND.kernels();

    private Ref() {}

    static Buffers io() {
        return new Buffers(BACKEND);
    }

    static float[] conv(Conv1dParams p, float[] x, float[] w, float[] bias) {
        try (Buffers io = io()) {
            DeviceBuffer y = io.nanFloats((long) p.batch() * p.outChannels() * p.outLength());
            K.conv1dForward(p, io.upload(x), io.upload(w), io.uploadOrNull(bias), y);
            return io.download(y);
        }
    }

    static float[] convBackwardInput(Conv1dParams p, float[] gradY, float[] w) {
        try (Buffers io = io()) {
            DeviceBuffer gradX = io.nanFloats((long) p.batch() * p.inChannels() * p.inLength());
            K.conv1dBackwardInput(p, io.upload(gradY), io.upload(w), gradX);
            return io.download(gradX);
        }
    }

    /** {gradW, gradBias}. */
    static float[][] convBackwardWeight(Conv1dParams p, float[] x, float[] gradY) {
        try (Buffers io = io()) {
            DeviceBuffer gradW = io.nanFloats((long) p.outChannels() * p.inChannels() * p.kernelSize());
            DeviceBuffer gradBias = io.nanFloats(p.outChannels());
            K.conv1dBackwardWeight(p, io.upload(x), io.upload(gradY), gradW, gradBias);
            return new float[][] {io.download(gradW), io.download(gradBias)};
        }
    }

    static float[] gemm(GemmParams p, float[] a, float[] b, float[] c) {
        try (Buffers io = io()) {
            DeviceBuffer out = io.upload(c);
            K.gemm(p, io.upload(a), io.upload(b), out);
            return io.download(out);
        }
    }

    /** Training forward: {y, saveMean, saveInvStd}; running statistics updated in place when non-null. */
    static float[][] batchNorm(
            BatchNormParams p, float[] x, float[] gamma, float[] beta, float[] runningMean, float[] runningVar) {
        try (Buffers io = io()) {
            DeviceBuffer y = io.nanFloats(x.length);
            DeviceBuffer mean = io.nanFloats(p.channels());
            DeviceBuffer invStd = io.nanFloats(p.channels());
            DeviceBuffer rm = runningMean == null ? null : io.upload(runningMean);
            DeviceBuffer rv = runningVar == null ? null : io.upload(runningVar);
            K.batchNormForwardTraining(
                    p,
                    io.upload(x),
                    BatchNormBuffers.affine(io.uploadOrNull(gamma), io.uploadOrNull(beta))
                            .withRunning(rm, rv)
                            .withSaved(mean, invStd),
                    y);
            if (rm != null) {
                BACKEND.download(rm, 0, runningMean, 0, runningMean.length);
                BACKEND.download(rv, 0, runningVar, 0, runningVar.length);
            }
            return new float[][] {io.download(y), io.download(mean), io.download(invStd)};
        }
    }

    /** {gradX, gradGamma, gradBeta}. */
    static float[][] batchNormBackward(
            BatchNormParams p, float[] x, float[] gradY, float[] gamma, float[] mean, float[] invStd) {
        try (Buffers io = io()) {
            DeviceBuffer gradX = io.nanFloats(x.length);
            DeviceBuffer gradGamma = io.nanFloats(p.channels());
            DeviceBuffer gradBeta = io.nanFloats(p.channels());
            K.batchNormBackward(
                    p,
                    io.upload(x),
                    BatchNormBuffers.affine(io.uploadOrNull(gamma), null).withSaved(io.upload(mean), io.upload(invStd)),
                    new BatchNormGrads<>(io.upload(gradY), gradX, gradGamma, gradBeta));
            return new float[][] {io.download(gradX), io.download(gradGamma), io.download(gradBeta)};
        }
    }

    record Pooled(float[] values, int[] indices) {}

    static Pooled maxPool(MaxPool1dParams p, float[] x) {
        try (Buffers io = io()) {
            int n = p.batch() * p.channels() * p.outLength();
            DeviceBuffer y = io.nanFloats(n);
            DeviceBuffer idx = io.garbageInts(n);
            K.maxPool1dForward(p, io.upload(x), y, idx);
            return new Pooled(io.download(y), io.downloadInts(idx));
        }
    }

    static float[] maxPoolBackward(MaxPool1dParams p, float[] gradY, int[] indices) {
        try (Buffers io = io()) {
            DeviceBuffer gradX = io.nanFloats((long) p.batch() * p.channels() * p.inLength());
            K.maxPool1dBackward(p, io.upload(gradY), io.upload(indices), gradX);
            return io.download(gradX);
        }
    }

    /** Training-mode fused forward: pooled values and indices, plus {saveMean, saveInvStd} in {@code stats}. */
    static Pooled fused(
            BatchNormParams bn, MaxPool1dParams pool, float[] x, float[] gamma, float[] beta, float[][] stats) {
        try (Buffers io = io()) {
            int n = pool.batch() * pool.channels() * pool.outLength();
            DeviceBuffer pooled = io.nanFloats(n);
            DeviceBuffer idx = io.garbageInts(n);
            DeviceBuffer mean = io.nanFloats(bn.channels());
            DeviceBuffer invStd = io.nanFloats(bn.channels());
            K.batchNormReluMaxPoolForward(
                    new BnReluPoolParams(bn, pool),
                    true,
                    new BnReluPoolBuffers(
                            io.upload(x),
                            BatchNormBuffers.affine(io.uploadOrNull(gamma), io.uploadOrNull(beta))
                                    .withSaved(mean, invStd),
                            pooled,
                            idx));
            if (stats != null) {
                stats[0] = io.download(mean);
                stats[1] = io.download(invStd);
            }
            return new Pooled(io.download(pooled), io.downloadInts(idx));
        }
    }

    /** Fused backward from a training forward's outputs and {saveMean, saveInvStd}: {gradX, gradGamma, gradBeta}. */
    static float[][] fusedBackward(
            BatchNormParams bn,
            MaxPool1dParams pool,
            float[] x,
            float[] gamma,
            float[][] stats,
            Pooled forward,
            float[] gradPooled) {
        try (Buffers io = io()) {
            DeviceBuffer gradX = io.nanFloats(x.length);
            DeviceBuffer gradGamma = io.nanFloats(bn.channels());
            DeviceBuffer gradBeta = io.nanFloats(bn.channels());
            K.batchNormReluMaxPoolBackward(
                    new BnReluPoolParams(bn, pool),
                    new BnReluPoolBuffers(
                            io.upload(x),
                            BatchNormBuffers.affine(io.upload(gamma), null)
                                    .withSaved(io.upload(stats[0]), io.upload(stats[1])),
                            io.upload(forward.values()),
                            io.upload(forward.indices())),
                    new BatchNormGrads<>(io.upload(gradPooled), gradX, gradGamma, gradBeta));
            return new float[][] {io.download(gradX), io.download(gradGamma), io.download(gradBeta)};
        }
    }

    static float[] logSoftmax(float[] x, int rows, int cols) {
        try (Buffers io = io()) {
            DeviceBuffer out = io.nanFloats(x.length);
            K.logSoftmax(io.upload(x), out, rows, cols);
            return io.download(out);
        }
    }

    /** {logProbs, losses}. */
    static float[][] crossEntropy(CrossEntropyParams p, float[] logits, int[] labels) {
        try (Buffers io = io()) {
            DeviceBuffer logProbs = io.nanFloats(logits.length);
            DeviceBuffer losses = io.nanFloats(p.rows());
            K.crossEntropyForward(p, io.upload(logits), new CrossEntropySaved(logProbs, io.upload(labels)), losses);
            return new float[][] {io.download(logProbs), io.download(losses)};
        }
    }

    static float[] crossEntropyBackward(CrossEntropyParams p, float[] logProbs, int[] labels, float[] gradLosses) {
        try (Buffers io = io()) {
            DeviceBuffer grad = io.nanFloats(logProbs.length);
            K.crossEntropyBackward(
                    p, new CrossEntropySaved(io.upload(logProbs), io.upload(labels)), io.upload(gradLosses), grad);
            return io.download(grad);
        }
    }
}
