package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.kernels.conformance.Buffers;
import org.junit.jupiter.api.Test;

/** Hand-computed cases for log-softmax, cross-entropy and NLL. */
class ReferenceLossTest {
    private static final double TOL = 1e-6;
    private static final float[] LOGITS = {0, (float) Math.log(2), (float) Math.log(3)}; // softmax = 1/6, 2/6, 3/6

    @Test
    void logSoftmaxOfKnownLogits() {
        float[] y = Ref.logSoftmax(LOGITS, 1, 3);
        assertEquals(Math.log(1 / 6.0), y[0], TOL);
        assertEquals(Math.log(2 / 6.0), y[1], TOL);
        assertEquals(Math.log(3 / 6.0), y[2], TOL);
    }

    @Test
    void logSoftmaxIsStableForLargeLogits() {
        float[] y = Ref.logSoftmax(new float[] {1000, 1000, -1000, 5}, 2, 2);
        assertEquals(-Math.log(2), y[0], TOL);
        assertEquals(-Math.log(2), y[1], TOL);
        assertEquals(-1005, y[2], 1e-3);
        assertEquals(0, y[3], TOL);
        assertArrayEquals(new float[] {0}, Ref.logSoftmax(new float[] {42}, 1, 1), "one class: probability 1");
    }

    @Test
    void logSoftmaxBackwardByHand() {
        try (Buffers io = Ref.io()) {
            DeviceBuffer gradX = io.nanFloats(2);
            Ref.K.logSoftmaxBackward(
                    io.upload(new float[] {(float) Math.log(0.25), (float) Math.log(0.75)}),
                    io.upload(new float[] {1, 2}),
                    gradX,
                    1,
                    2);
            float[] g = io.download(gradX); // gradY - softmax * sum(gradY) = [1 - 0.75, 2 - 2.25]
            assertEquals(0.25, g[0], TOL);
            assertEquals(-0.25, g[1], TOL);
        }
    }

    @Test
    void crossEntropyOfKnownLogits() {
        int[] label = {2};
        float[][] plain = Ref.crossEntropy(new CrossEntropyParams(1, 3, 0f), LOGITS, label);
        assertEquals(Math.log(2), plain[1][0], TOL, "-log(1/2)");
        assertEquals(Math.log(1 / 6.0), plain[0][0], TOL);
        float[][] smoothed = Ref.crossEntropy(new CrossEntropyParams(1, 3, 0.1f), LOGITS, label);
        double sumLogProbs = Math.log(1 / 6.0) + Math.log(1 / 3.0) + Math.log(1 / 2.0);
        assertEquals(0.9 * Math.log(2) - 0.1 / 3 * sumLogProbs, smoothed[1][0], TOL);
    }

    @Test
    void crossEntropyBackwardIsSoftmaxMinusTarget() {
        float[] logProbs = Ref.logSoftmax(LOGITS, 1, 3);
        float[] g =
                Ref.crossEntropyBackward(new CrossEntropyParams(1, 3, 0f), logProbs, new int[] {2}, new float[] {2});
        assertEquals(2 / 6.0, g[0], TOL);
        assertEquals(4 / 6.0, g[1], TOL);
        assertEquals(2 * (0.5 - 1), g[2], TOL);
        float[] smoothed =
                Ref.crossEntropyBackward(new CrossEntropyParams(1, 3, 0.3f), logProbs, new int[] {0}, new float[] {1});
        assertEquals(1 / 6.0 - (0.7 + 0.1), smoothed[0], TOL);
        assertEquals(2 / 6.0 - 0.1, smoothed[1], TOL);
        assertEquals(3 / 6.0 - 0.1, smoothed[2], TOL);
    }

    @Test
    void nllPicksTheLabelledLogProbability() {
        CrossEntropyParams p = new CrossEntropyParams(2, 2, 0.5f); // smoothing is ignored by NLL
        try (Buffers io = Ref.io()) {
            DeviceBuffer labels = io.upload(new int[] {1, 0});
            DeviceBuffer losses = io.nanFloats(2);
            Ref.K.nllForward(p, io.upload(new float[] {-1, -2, -3, -4}), labels, losses);
            assertArrayEquals(new float[] {2, 3}, io.download(losses));
            DeviceBuffer grad = io.nanFloats(4);
            Ref.K.nllBackward(p, labels, io.upload(new float[] {5, 7}), grad);
            assertArrayEquals(new float[] {0, -5, -7, 0}, io.download(grad));
        }
    }
}
