package dev.cochlea.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link Gemm}: C[MR x NR] = A * B (plus C's previous contents when {@code accumulate}), with
 * A packed (a[aOff + p * MR + r]) and row p of B at b[bBase + rows[rowFrom + p]], NR = 2 vectors readable floats each.
 * One method per height MR, because the JIT keeps a tile in registers only when its accumulators, the two B vectors
 * and the broadcast fit the register file it really has: 8 rows (16 accumulators) suit 32 vector registers (AVX-512,
 * NEON), 4 or 6 rows suit AVX2's 16. Which one a JVM runs is chosen once by {@link TileHeight}. Every height
 * adds each C element's products in the same order (p = 0, 1, ...), so the choice never changes a result's bits.
 * Scaling by alpha and beta happens outside (alpha while packing A, beta on C beforehand), so these loops and their
 * stores have no branches.
 */
final class TileKernels {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int V = S.length();
    /** The heights there is a tile for, smallest first. */
    static final int[] HEIGHTS = {4, 6, 8};

    private TileKernels() {}

    /** The tile of height {@code mr} (one of {@link #HEIGHTS}). */
    static void run(
            int mr,
            int kc,
            float[] a,
            int aOff,
            float[] b,
            int bBase,
            int[] rows,
            int rowFrom,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        switch (mr) {
            case 4 -> tile4(kc, a, aOff, b, bBase, rows, rowFrom, c, cOff, ldc, accumulate);
            case 6 -> tile6(kc, a, aOff, b, bBase, rows, rowFrom, c, cOff, ldc, accumulate);
            case 8 -> tile8(kc, a, aOff, b, bBase, rows, rowFrom, c, cOff, ldc, accumulate);
            default -> throw new IllegalArgumentException("no register tile of height " + mr);
        }
    }

    /** The 4 x 2-vector tile: 8 accumulators, for a 16-register vector file. */
    static void tile4(
            int kc,
            float[] a,
            int aOff,
            float[] b,
            int bBase,
            int[] rows,
            int rowFrom,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + V);
            c10 = FloatVector.fromArray(S, c, cOff + ldc);
            c11 = FloatVector.fromArray(S, c, cOff + ldc + V);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + V);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + V);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bo = bBase + rows[rowFrom + p];
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            int ao = aOff + p * 4;
            FloatVector av = FloatVector.broadcast(S, a[ao]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ao + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ao + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ao + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + V);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + V);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + V);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + V);
    }

    /** The 6 x 2-vector tile: 12 accumulators, for a 16-register vector file. */
    static void tile6(
            int kc,
            float[] a,
            int aOff,
            float[] b,
            int bBase,
            int[] rows,
            int rowFrom,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + V);
            c10 = FloatVector.fromArray(S, c, cOff + ldc);
            c11 = FloatVector.fromArray(S, c, cOff + ldc + V);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + V);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + V);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + V);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + V);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bo = bBase + rows[rowFrom + p];
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            int ao = aOff + p * 6;
            FloatVector av = FloatVector.broadcast(S, a[ao]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ao + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ao + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ao + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ao + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ao + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + V);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + V);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + V);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + V);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + V);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + V);
    }

    /** The 8 x 2-vector tile: 16 accumulators, for a 32-register vector file. */
    static void tile8(
            int kc,
            float[] a,
            int aOff,
            float[] b,
            int bBase,
            int[] rows,
            int rowFrom,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate) {
            c00 = FloatVector.fromArray(S, c, cOff);
            c01 = FloatVector.fromArray(S, c, cOff + V);
            c10 = FloatVector.fromArray(S, c, cOff + ldc);
            c11 = FloatVector.fromArray(S, c, cOff + ldc + V);
            c20 = FloatVector.fromArray(S, c, cOff + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, cOff + 2 * ldc + V);
            c30 = FloatVector.fromArray(S, c, cOff + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, cOff + 3 * ldc + V);
            c40 = FloatVector.fromArray(S, c, cOff + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, cOff + 4 * ldc + V);
            c50 = FloatVector.fromArray(S, c, cOff + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, cOff + 5 * ldc + V);
            c60 = FloatVector.fromArray(S, c, cOff + 6 * ldc);
            c61 = FloatVector.fromArray(S, c, cOff + 6 * ldc + V);
            c70 = FloatVector.fromArray(S, c, cOff + 7 * ldc);
            c71 = FloatVector.fromArray(S, c, cOff + 7 * ldc + V);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
            c60 = c00;
            c61 = c00;
            c70 = c00;
            c71 = c00;
        }
        for (int p = 0; p < kc; p++) {
            int bo = bBase + rows[rowFrom + p];
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + V);
            int ao = aOff + p * 8;
            FloatVector av = FloatVector.broadcast(S, a[ao]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ao + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ao + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ao + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ao + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ao + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            av = FloatVector.broadcast(S, a[ao + 6]);
            c60 = av.fma(b0, c60);
            c61 = av.fma(b1, c61);
            av = FloatVector.broadcast(S, a[ao + 7]);
            c70 = av.fma(b0, c70);
            c71 = av.fma(b1, c71);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + V);
        c10.intoArray(c, cOff + ldc);
        c11.intoArray(c, cOff + ldc + V);
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
