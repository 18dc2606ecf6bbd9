package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.conformance.ConformanceCases.FusedCase;
import org.opentest4j.AssertionFailedError;

/** Runs the fused BatchNorm -> ReLU -> MaxPool forward on one backend and judges index disagreements. */
final class FusedRun {
    private FusedRun() {}

    /** pooled, indices, and (training) saveMean, saveInvStd, (with running statistics) runningMean, runningVar. */
    static Outputs forward(Backend b, FusedCase c, BatchNormInputs in) {
        int channels = c.bn().channels();
        int n = c.pool().batch() * channels * c.pool().outLength();
        try (Buffers io = new Buffers(b)) {
            DeviceBuffer pooled = io.nanFloats(n);
            DeviceBuffer indices = io.garbageInts(n);
            DeviceBuffer mean = c.training() ? io.nanFloats(channels) : null;
            DeviceBuffer invStd = c.training() ? io.nanFloats(channels) : null;
            // Inference always needs running statistics; training updates them only when the case asks.
            boolean running = c.running() || !c.training();
            DeviceBuffer runMean = running ? io.upload(in.runningMean()) : null;
            DeviceBuffer runVar = running ? io.upload(in.runningVar()) : null;
            b.kernels()
                    .batchNormReluMaxPoolForward(
                            new BnReluPoolParams(c.bn(), c.pool()),
                            c.training(),
                            new BnReluPoolBuffers(
                                    io.upload(in.x()),
                                    in.affine(io).withRunning(runMean, runVar).withSaved(mean, invStd),
                                    pooled,
                                    indices));
            Outputs out = new Outputs()
                    .sums("pooled", io.download(pooled), ConformanceSupport.SUMS)
                    .exact("indices", io.downloadInts(indices));
            if (c.training()) {
                out.sums("saveMean", io.download(mean), ConformanceSupport.SUMS)
                        .sums("saveInvStd", io.download(invStd), ConformanceSupport.SUMS);
            }
            if (running) {
                out.sums("runningMean", io.download(runMean), ConformanceSupport.SUMS)
                        .sums("runningVar", io.download(runVar), ConformanceSupport.SUMS);
            }
            return out;
        }
    }

    /** The same outputs minus the indices, which {@link #assertIndicesMatch} compares. */
    static Outputs withoutIndices(Outputs all) {
        return all.without("indices");
    }

    /**
     * Indices must match, except where the two winners of one pooling window hold normalised values z that agree
     * within the sums tolerance: rounding may legitimately pick either of a near tie. The actual index must still lie
     * inside its window.
     */
    static void assertIndicesMatch(FusedCase c, float[] z, int[] expected, int[] actual) {
        MaxPool1dParams pool = c.pool();
        double scale = 0;
        for (float v : z) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] == actual[i]) {
                continue;
            }
            int row = i / pool.outLength();
            int windowStart = (i % pool.outLength()) * pool.stride() - pool.padding();
            boolean inWindow = actual[i] >= Math.max(0, windowStart)
                    && actual[i] < Math.min(pool.inLength(), windowStart + pool.kernelSize());
            int rowStart = row * pool.inLength();
            if (!inWindow
                    || Math.abs(z[rowStart + expected[i]] - z[rowStart + actual[i]])
                            > ConformanceSupport.SUMS * scale) {
                throw new AssertionFailedError(
                        "indices[" + i + "]: expected " + expected[i] + " but was " + actual[i]
                                + (actual[i] == Buffers.GARBAGE_INT ? " (never written)" : ""),
                        expected[i],
                        actual[i]);
            }
        }
    }
}
