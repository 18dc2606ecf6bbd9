package dev.cochlea.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TileKernels}' register tiles reading A's rows where they are instead of from a packed micro-panel: C[MR x
 * NR] += A * B with row r of A at a[aOff + r * lda + p] and row p of B at b[bBase + rows[rowFrom + p]]. The weight
 * gradients use them, where A is the output gradient itself, read once per slice: packing it into micro-panels took
 * a quarter of the first layer's weight gradient (a scalar transpose of 131 MB per step), and the tile reads the rows
 * in place as fast. A separate set of kernels because a variable A step inside {@link TileKernels}' loops cost those
 * 3-12% of the training step. Each C element's products are added in the same order as there (p = 0, 1, ...), so
 * reading A in place or packed gives the same bits.
 */
final class RowTileKernels {
    static final VectorSpecies<Float> S = TileKernels.S;
    static final int V = TileKernels.V;

    private RowTileKernels() {}

    /** The tile of height {@code mr} (one of {@link TileKernels#HEIGHTS}), adding to C. */
    static void run(
            int mr,
            int kc,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bBase,
            int[] rows,
            int rowFrom,
            float[] c,
            int cOff,
            int ldc) {
        switch (mr) {
            case 4 -> tile4(kc, a, aOff, lda, b, bBase, rows, rowFrom, c, cOff, ldc);
            case 6 -> tile6(kc, a, aOff, lda, b, bBase, rows, rowFrom, c, cOff, ldc);
            case 8 -> tile8(kc, a, aOff, lda, b, bBase, rows, rowFrom, c, cOff, ldc);
            default -> throw new IllegalArgumentException("no register tile of height " + mr);
        }
    }

    /** The 4 x 2-vector tile with A's rows in place. */
    static void tile4(
            int kc,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bBase,
            int[] rows,
            int rowFrom,
            float[] c,
            int cOff,
            int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, cOff + 0 * ldc);
        FloatVector c01 = FloatVector.fromArray(S, c, cOff + 0 * ldc + V);
        FloatVector c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
        FloatVector c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + V);
        FloatVector c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + V);
        FloatVector c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + V);
        int a0 = aOff + 0 * lda;
        int a1 = aOff + 1 * lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        for (int p = 0; p < kc; p++) {
            int bo = bBase + rows[rowFrom + p];
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            FloatVector av0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av0.fma(b0, c00);
            c01 = av0.fma(b1, c01);
            FloatVector av1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av1.fma(b0, c10);
            c11 = av1.fma(b1, c11);
            FloatVector av2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av2.fma(b0, c20);
            c21 = av2.fma(b1, c21);
            FloatVector av3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av3.fma(b0, c30);
            c31 = av3.fma(b1, c31);
        }
        c00.intoArray(c, cOff + 0 * ldc);
        c01.intoArray(c, cOff + 0 * ldc + V);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + V);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + V);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + V);
    }

    /** The 6 x 2-vector tile with A's rows in place. */
    static void tile6(
            int kc,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bBase,
            int[] rows,
            int rowFrom,
            float[] c,
            int cOff,
            int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, cOff + 0 * ldc);
        FloatVector c01 = FloatVector.fromArray(S, c, cOff + 0 * ldc + V);
        FloatVector c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
        FloatVector c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + V);
        FloatVector c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + V);
        FloatVector c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + V);
        FloatVector c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
        FloatVector c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + V);
        FloatVector c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
        FloatVector c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + V);
        int a0 = aOff + 0 * lda;
        int a1 = aOff + 1 * lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        int a4 = aOff + 4 * lda;
        int a5 = aOff + 5 * lda;
        for (int p = 0; p < kc; p++) {
            int bo = bBase + rows[rowFrom + p];
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            FloatVector av0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av0.fma(b0, c00);
            c01 = av0.fma(b1, c01);
            FloatVector av1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av1.fma(b0, c10);
            c11 = av1.fma(b1, c11);
            FloatVector av2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av2.fma(b0, c20);
            c21 = av2.fma(b1, c21);
            FloatVector av3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av3.fma(b0, c30);
            c31 = av3.fma(b1, c31);
            FloatVector av4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = av4.fma(b0, c40);
            c41 = av4.fma(b1, c41);
            FloatVector av5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = av5.fma(b0, c50);
            c51 = av5.fma(b1, c51);
        }
        c00.intoArray(c, cOff + 0 * ldc);
        c01.intoArray(c, cOff + 0 * ldc + V);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + V);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + V);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + V);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + V);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + V);
    }

    /** The 8 x 2-vector tile with A's rows in place. */
    static void tile8(
            int kc,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bBase,
            int[] rows,
            int rowFrom,
            float[] c,
            int cOff,
            int ldc) {
        FloatVector c00 = FloatVector.fromArray(S, c, cOff + 0 * ldc);
        FloatVector c01 = FloatVector.fromArray(S, c, cOff + 0 * ldc + V);
        FloatVector c10 = FloatVector.fromArray(S, c, cOff + 1 * ldc);
        FloatVector c11 = FloatVector.fromArray(S, c, cOff + 1 * ldc + V);
        FloatVector c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
        FloatVector c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + V);
        FloatVector c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
        FloatVector c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + V);
        FloatVector c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
        FloatVector c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + V);
        FloatVector c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
        FloatVector c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + V);
        FloatVector c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
        FloatVector c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + V);
        FloatVector c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
        FloatVector c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + V);
        int a0 = aOff + 0 * lda;
        int a1 = aOff + 1 * lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        int a4 = aOff + 4 * lda;
        int a5 = aOff + 5 * lda;
        int a6 = aOff + 6 * lda;
        int a7 = aOff + 7 * lda;
        for (int p = 0; p < kc; p++) {
            int bo = bBase + rows[rowFrom + p];
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            FloatVector av0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = av0.fma(b0, c00);
            c01 = av0.fma(b1, c01);
            FloatVector av1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = av1.fma(b0, c10);
            c11 = av1.fma(b1, c11);
            FloatVector av2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = av2.fma(b0, c20);
            c21 = av2.fma(b1, c21);
            FloatVector av3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = av3.fma(b0, c30);
            c31 = av3.fma(b1, c31);
            FloatVector av4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = av4.fma(b0, c40);
            c41 = av4.fma(b1, c41);
            FloatVector av5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = av5.fma(b0, c50);
            c51 = av5.fma(b1, c51);
            FloatVector av6 = FloatVector.broadcast(S, a[a6 + p]);
            c60 = av6.fma(b0, c60);
            c61 = av6.fma(b1, c61);
            FloatVector av7 = FloatVector.broadcast(S, a[a7 + p]);
            c70 = av7.fma(b0, c70);
            c71 = av7.fma(b1, c71);
        }
        c00.intoArray(c, cOff + 0 * ldc);
        c01.intoArray(c, cOff + 0 * ldc + V);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + V);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + V);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + V);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + V);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + V);
        c60.intoArray(c, cOff + 6 * ldc);
        c61.intoArray(c, cOff + 6 * ldc + V);
        c70.intoArray(c, cOff + 7 * ldc);
        c71.intoArray(c, cOff + 7 * ldc + V);
    }
}
