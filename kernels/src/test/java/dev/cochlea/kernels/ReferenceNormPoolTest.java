package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.kernels.conformance.Buffers;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for batch norm, max pooling and the fused block. */
class ReferenceNormPoolTest {
    private static final double TOL = 1e-6;

    @Test
    void batchNormTrainingOfATinyTensor() {
        BatchNormParams p = new BatchNormParams(1, 1, 4, 1e-5f, 0.1f);
        float[] runningMean = {0};
        float[] runningVar = {1};
        float[][] out = Ref.batchNorm(
                p, new float[] {1, 2, 3, 4}, new float[] {2}, new float[] {0.5f}, runningMean, runningVar);
        double invStd = 1 / Math.sqrt(1.25 + 1e-5); // mean 2.5, biased variance 1.25
        for (int i = 0; i < 4; i++) {
            assertEquals((i + 1 - 2.5) * invStd * 2 + 0.5, out[0][i], TOL, "y[" + i + "]");
        }
        assertEquals(2.5, out[1][0], TOL);
        assertEquals(invStd, out[2][0], TOL);
        assertEquals(0.1 * 2.5, runningMean[0], TOL);
        assertEquals(0.9 * 1 + 0.1 * (1.25 * 4 / 3), runningVar[0], TOL, "running variance is unbiased");
    }

    @Test
    void batchNormStatisticsAreAcrossBatchPerChannel() {
        // x [2, 2, 1]: channel 0 holds 1 and 3, channel 1 holds 10 and 10 (zero variance: invStd = 1/sqrt(eps)).
        BatchNormParams p = new BatchNormParams(2, 2, 1, 1e-4f, 0.1f);
        float[][] out = Ref.batchNorm(p, new float[] {1, 10, 3, 10}, null, null, null, null);
        assertArrayEquals(new float[] {2, 10}, out[1]);
        assertEquals(1 / Math.sqrt(1 + 1e-4), out[2][0], TOL);
        assertEquals(100, out[2][1], 1e-3);
        assertEquals(-1 / Math.sqrt(1 + 1e-4), out[0][0], TOL);
        assertEquals(0, out[0][1], 0);
    }

    @Test
    void batchNormInferenceUsesRunningStatistics() {
        BatchNormParams p = new BatchNormParams(1, 2, 2, 1e-5f, 0.1f);
        try (Buffers io = Ref.io()) {
            DeviceBuffer y = io.nanFloats(4);
            Ref.K.batchNormForwardInference(
                    p,
                    io.upload(new float[] {1, 2, 3, 4}),
                    BatchNormBuffers.affine(io.upload(new float[] {2, -1}), io.upload(new float[] {0, 1}))
                            .withRunning(io.upload(new float[] {1, 5}), io.upload(new float[] {4, 0.25f})),
                    y);
            float[] got = io.download(y);
            assertEquals(0 / Math.sqrt(4 + 1e-5) * 2, got[0], TOL);
            assertEquals(1 / Math.sqrt(4 + 1e-5) * 2, got[1], TOL);
            assertEquals(-(3 - 5) / Math.sqrt(0.25 + 1e-5) + 1, got[2], TOL);
            assertEquals(-(4 - 5) / Math.sqrt(0.25 + 1e-5) + 1, got[3], TOL);
        }
    }

    @Test
    void batchNormBackwardFollowsTheClosedForm() {
        BatchNormParams p = new BatchNormParams(1, 1, 4, 1e-5f, 0.1f);
        float[] x = {1, 2, 3, 4};
        float[] gradY = {1, 0, 0, 0};
        double invStd = 1 / Math.sqrt(1.25 + 1e-5);
        float[][] g =
                Ref.batchNormBackward(p, x, gradY, new float[] {3}, new float[] {2.5f}, new float[] {(float) invStd});
        double gradGamma = -1.5 * invStd; // sum gradY * xhat, only element 0 counts
        assertEquals(1, g[2][0], TOL, "gradBeta");
        assertEquals(gradGamma, g[1][0], TOL, "gradGamma");
        for (int i = 0; i < 4; i++) {
            double xhat = (x[i] - 2.5) * invStd;
            assertEquals(3 * invStd / 4 * (4 * gradY[i] - 1 - xhat * gradGamma), g[0][i], TOL, "gradX[" + i + "]");
        }
    }

    @Test
    void maxPoolPadsWithMinusInfinityAndKeepsTheFirstOfTies() {
        // k=3, s=2, p=1 over [3, 1, 3, 3, 2]: windows {pad, 3, 1}, {1, 3, 3}, {3, 2, pad}.
        Ref.Pooled pooled = Ref.maxPool(new MaxPool1dParams(1, 1, 5, 3, 2, 1), new float[] {3, 1, 3, 3, 2});
        assertArrayEquals(new float[] {3, 3, 3}, pooled.values());
        assertArrayEquals(new int[] {0, 2, 3}, pooled.indices());
        // All negative: zero padding would win; -infinity padding must not.
        pooled = Ref.maxPool(new MaxPool1dParams(1, 1, 4, 2, 2, 1), new float[] {-5, -1, -2, -7});
        assertArrayEquals(new float[] {-5, -1, -7}, pooled.values());
        assertArrayEquals(new int[] {0, 1, 3}, pooled.indices());
    }

    @Test
    void maxPoolIndicesArePerRowAndBackwardScattersAddingUp() {
        // Two rows ([1, 2] x [.., ..]) of length 3, kernel 2, stride 1.
        MaxPool1dParams p = new MaxPool1dParams(1, 2, 3, 2, 1, 0);
        Ref.Pooled pooled = Ref.maxPool(p, new float[] {1, 5, 2, 9, 8, 7});
        assertArrayEquals(new float[] {5, 5, 9, 8}, pooled.values());
        assertArrayEquals(new int[] {1, 1, 0, 1}, pooled.indices());
        float[] gradX = Ref.maxPoolBackward(p, new float[] {1, 2, 3, 4}, pooled.indices());
        assertArrayEquals(new float[] {0, 3, 0, 3, 4, 0}, gradX);
    }

    @Test
    void fusedBlockIsBatchNormThenReluThenMaxPool() {
        // gamma = -1 flips the order: z = -(x - 2.5) * invStd = [1.5, 0.5, -0.5, -1.5] * invStd.
        BatchNormParams bn = new BatchNormParams(1, 1, 4, 1e-5f, 0.1f);
        MaxPool1dParams pool = new MaxPool1dParams(1, 1, 4, 2, 2, 0);
        float[] x = {1, 2, 3, 4};
        float[] gamma = {-1};
        float[][] stats = new float[2][];
        Ref.Pooled pooled = Ref.fused(bn, pool, x, gamma, new float[] {0}, stats);
        double invStd = 1 / Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new int[] {0, 2}, pooled.indices(), "index of max z, before ReLU");
        assertEquals(1.5 * invStd, pooled.values()[0], TOL);
        assertEquals(0, pooled.values()[1], 0, "ReLU of the negative maximum");
        assertEquals(2.5, stats[0][0], TOL);

        // Backward: the second window is masked by ReLU, so only z0 receives gradient.
        float[][] grads = Ref.fusedBackward(bn, pool, x, gamma, stats, pooled, new float[] {1, 1});
        float[][] unfused = Ref.batchNormBackward(bn, x, new float[] {1, 0, 0, 0}, gamma, stats[0], stats[1]);
        assertArrayEquals(unfused[0], grads[0]);
        assertArrayEquals(unfused[1], grads[1]);
        assertArrayEquals(new float[] {1}, grads[2]);
    }

    @Test
    void fusedInferenceUsesRunningStatisticsAndLeavesThemAlone() {
        BatchNormParams bn = new BatchNormParams(1, 1, 4, 0f, 0.1f);
        MaxPool1dParams pool = new MaxPool1dParams(1, 1, 4, 4, 4, 0);
        try (Buffers io = Ref.io()) {
            DeviceBuffer pooled = io.nanFloats(1);
            DeviceBuffer indices = io.garbageInts(1);
            DeviceBuffer runningMean = io.upload(new float[] {1});
            DeviceBuffer runningVar = io.upload(new float[] {4});
            Ref.K.batchNormReluMaxPoolForward(
                    new BnReluPoolParams(bn, pool),
                    false,
                    new BnReluPoolBuffers(
                            io.upload(new float[] {1, 7, 3, 5}),
                            BatchNormBuffers.<DeviceBuffer>affine(null, null).withRunning(runningMean, runningVar),
                            pooled,
                            indices));
            assertArrayEquals(new float[] {3}, io.download(pooled), "(7 - 1) / sqrt(4)");
            assertArrayEquals(new int[] {1}, io.downloadInts(indices));
            assertArrayEquals(new float[] {1}, io.download(runningMean));
            assertArrayEquals(new float[] {4}, io.download(runningVar));
        }
    }
}
