package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Hand-computed cases for gemm and the conv1d kernels. */
class ReferenceLinearTest {
    private static final float[] A = {1, 2, 3, 4, 5, 6}; // [[1, 2, 3], [4, 5, 6]]
    private static final float[] A_T = {1, 4, 2, 5, 3, 6}; // A stored transposed, 3 x 2
    private static final float[] B = {7, 8, 9, 10, 11, 12}; // [[7, 8], [9, 10], [11, 12]]
    private static final float[] B_T = {7, 9, 11, 8, 10, 12}; // B stored transposed, 2 x 3
    private static final float[] AB = {58, 64, 139, 154};
    private static final float[] NAN4 = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};

    @Test
    void gemmOfA2x3AndA3x2InEveryLayout() {
        assertArrayEquals(AB, Ref.gemm(GemmParams.of(2, 2, 3, false, false), A, B, NAN4));
        assertArrayEquals(AB, Ref.gemm(GemmParams.of(2, 2, 3, true, false), A_T, B, NAN4));
        assertArrayEquals(AB, Ref.gemm(GemmParams.of(2, 2, 3, false, true), A, B_T, NAN4));
        assertArrayEquals(AB, Ref.gemm(GemmParams.of(2, 2, 3, true, true), A_T, B_T, NAN4));
    }

    @Test
    void gemmScalesByAlphaAndAccumulatesBetaC() {
        float[] c = {1, 2, 3, 4};
        GemmParams p = GemmParams.of(2, 2, 3, false, false).withAlphaBeta(0.5f, 2f);
        assertArrayEquals(new float[] {29 + 2, 32 + 4, 69.5f + 6, 77 + 8}, Ref.gemm(p, A, B, c));
    }

    @Test
    void batchedGemmWithASharedMatrix() {
        // Two A matrices (1 x 3 each) times one shared B (stride 0).
        GemmParams p = new GemmParams(2, 1, 2, 3, false, false, 1f, 0f, 3, 0, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, Ref.gemm(p, A, B, NAN4));
    }

    @Test
    void conv1x1x5WithKnownWeights() {
        float[] x = {1, 2, 3, 4, 5};
        float[] w = {1, 2, 3};
        assertArrayEquals(new float[] {14, 20, 26}, Ref.conv(new Conv1dParams(1, 1, 1, 5, 3, 1, 0, 1), x, w, null));
        // Padding 1 and a bias: the edge windows see zeros.
        assertArrayEquals(
                new float[] {8.5f, 14.5f, 20.5f, 26.5f, 14.5f},
                Ref.conv(new Conv1dParams(1, 1, 1, 5, 3, 1, 1, 1), x, w, new float[] {0.5f}));
        // Dilation 2: one window reading x0, x2, x4.
        assertArrayEquals(new float[] {1 + 6 + 15}, Ref.conv(new Conv1dParams(1, 1, 1, 5, 3, 2, 0, 2), x, w, null));
        // Stride 3 > kernel 2: windows (x0, x1) and (x3, x4).
        assertArrayEquals(
                new float[] {1 + 4, 4 + 10},
                Ref.conv(new Conv1dParams(1, 1, 1, 5, 2, 3, 0, 1), x, new float[] {1, 2}, null));
    }

    @Test
    void convSumsOverInputChannels() {
        // x [1, 2, 3], w [2, 2, 1]: a 1x1 conv is a channel-mixing matrix.
        float[] x = {1, 2, 3, 10, 20, 30};
        float[] w = {1, 1, 2, -1};
        assertArrayEquals(
                new float[] {11, 22, 33, -8, -16, -24}, Ref.conv(new Conv1dParams(1, 2, 2, 3, 1, 1, 0, 1), x, w, null));
    }

    @Test
    void convBackwardByHand() {
        // y = [x0 - x1, x1 - x2] for w = [1, -1]; gradY = [2, 3].
        Conv1dParams p = new Conv1dParams(1, 1, 1, 3, 2, 1, 0, 1);
        float[] gradY = {2, 3};
        assertArrayEquals(new float[] {2, -2 + 3, -3}, Ref.convBackwardInput(p, gradY, new float[] {1, -1}));
        float[][] gradWB = Ref.convBackwardWeight(p, new float[] {1, 2, 4}, gradY);
        assertArrayEquals(new float[] {2 * 1 + 3 * 2, 2 * 2 + 3 * 4}, gradWB[0]);
        assertArrayEquals(new float[] {5}, gradWB[1]);
        // Stride 3 and padding 1 over length 4: windows at -1..0 and 2..3; x1 is never read, so its gradient is 0.
        Conv1dParams strided = new Conv1dParams(1, 1, 1, 4, 2, 3, 1, 1);
        assertArrayEquals(
                new float[] {2 * -1, 0, 3 * 1, 3 * -1}, Ref.convBackwardInput(strided, gradY, new float[] {1, -1}));
    }
}
