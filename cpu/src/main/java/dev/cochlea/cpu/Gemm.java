package dev.cochlea.cpu;

import dev.cochlea.kernels.GemmParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix product in the BLIS style: op(A) is packed into MR-row micro-panels and op(B) into
 * NR-column micro-panels, and an MR x NR register tile of fused multiply-adds ({@link TileKernels}, MR chosen per JVM
 * from the register file the JIT really has) runs over a KC-deep slice of both. Sizes suit Zen 4 (32 KB L1d, 1 MB L2): a KC x NR slice of B (16 KB) stays in L1 while the A block
 * (MC x KC, 128 KB) streams from L2.
 *
 * <p>The kernel reads B through a row-offset table, so callers can also hand it unpacked matrices whose rows are
 * not evenly spaced: convolutions pass the input signal itself, row (ci, kk) starting at ci * L + kk (an implicit
 * im2col, see {@link Conv}).
 */
final class Gemm {
    static final VectorSpecies<Float> S = TileKernels.S;
    static final int V = TileKernels.V;
    /** How this JVM's tile height was chosen (see {@link TileHeight}). */
    static final TileHeight.Choice TILE = TileHeight.choose();
    /** Rows of the register tile (4, 6 or 8; a constant to the JIT once this class is initialised). */
    static final int MR = TILE.rows();

    static final int NR = 2 * V;
    static final int KC = 256;
    static final int MC = 128;
    static final int NC = 512;
    /** Row offsets of a packed B panel: row p starts at p * NR. */
    static final int[] PACKED_ROWS = new int[KC];

    static {
        for (int p = 0; p < KC; p++) {
            PACKED_ROWS[p] = p * NR;
        }
    }

    private Gemm() {}

    /**
     * One tile whose valid part is mr x nr: full tiles go straight to C, edge tiles through a scratch tile (B must
     * still be readable for NR columns and packed A zero-padded to MR rows).
     */
    static void tile(
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
            int mr,
            int nr,
            boolean accumulate) {
        if (mr == MR && nr == NR) {
            TileKernels.run(MR, kc, a, aOff, b, bBase, rows, rowFrom, c, cOff, ldc, accumulate);
            return;
        }
        float[] t = edgeTile(c, cOff, ldc, mr, nr, accumulate);
        TileKernels.run(MR, kc, a, aOff, b, bBase, rows, rowFrom, t, 0, NR, accumulate);
        storeEdgeTile(t, c, cOff, ldc, mr, nr);
    }

    /**
     * Like {@link #tile}, adding to C, with A's MR rows read in place (row r at a[aOff + r * lda], see {@link
     * RowTileKernels}); an edge tile (nr &lt; NR valid columns) goes through a scratch tile.
     */
    static void tileRowsInPlace(
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
            int ldc,
            int nr) {
        if (nr == NR) {
            RowTileKernels.run(MR, kc, a, aOff, lda, b, bBase, rows, rowFrom, c, cOff, ldc);
            return;
        }
        float[] t = edgeTile(c, cOff, ldc, MR, nr, true);
        RowTileKernels.run(MR, kc, a, aOff, lda, b, bBase, rows, rowFrom, t, 0, NR);
        storeEdgeTile(t, c, cOff, ldc, MR, nr);
    }

    /**
     * This thread's MR x NR scratch tile for an edge tile whose valid part is mr x nr: zero, with C's valid part
     * copied in when the kernel adds to C.
     */
    private static float[] edgeTile(float[] c, int cOff, int ldc, int mr, int nr, boolean accumulate) {
        float[] t = Scratch.floats(Scratch.Slot.TILE, MR * NR);
        if (accumulate) {
            java.util.Arrays.fill(t, 0, MR * NR, 0f);
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, cOff + r * ldc, t, r * NR, nr);
            }
        }
        return t;
    }

    /** The valid mr x nr part of an edge tile back into C. */
    private static void storeEdgeTile(float[] t, float[] c, int cOff, int ldc, int mr, int nr) {
        for (int r = 0; r < mr; r++) {
            System.arraycopy(t, r * NR, c, cOff + r * ldc, nr);
        }
    }

    // ---- packing ----------------------------------------------------------------------------------------------

    /**
     * Packs rows [i0, i0 + mc) and columns [p0, p0 + kc) of op(A) into MR-row micro-panels, zero-padding the last:
     * dst[dstOff + s * kc * MR + p * MR + r] = op(A)[i0 + s * MR + r][p0 + p]. op(A)[i][p] = a[base + i * lda + p] or, when
     * transposed, a[base + p * lda + i], times alpha.
     */
    static void packA(
            float[] a,
            int base,
            int lda,
            boolean trans,
            int i0,
            int mc,
            int p0,
            int kc,
            float[] dst,
            int dstOff,
            float alpha) {
        for (int s = 0; s * MR < mc; s++) {
            int rows = Math.min(MR, mc - s * MR);
            int d = dstOff + s * kc * MR;
            if (rows == MR && !trans && alpha == 1f) {
                // The common case (weights, gradients) as plain copies, one source row at a time: sequential reads,
                // no per-element branches.
                for (int r = 0; r < MR; r++) {
                    int src = base + (i0 + s * MR + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * MR + r] = a[src + p];
                    }
                }
                continue;
            }
            for (int p = 0; p < kc; p++) {
                for (int r = 0; r < MR; r++) {
                    int i = i0 + s * MR + r;
                    dst[d + p * MR + r] = r >= rows
                            ? 0f
                            : alpha * (trans ? a[base + (p0 + p) * lda + i] : a[base + i * lda + p0 + p]);
                }
            }
        }
    }

    /**
     * Packs rows [p0, p0 + kc) and columns [j0, j0 + nc) of op(B) into NR-column micro-panels, zero-padding the last:
     * dst[s * kc * NR + p * NR + j] = op(B)[p0 + p][j0 + s * NR + j]; op(B)[p][j] = b[base + p * ldb + j] or, when
     * transposed, b[base + j * ldb + p].
     */
    static void packB(float[] b, int base, int ldb, boolean trans, int p0, int kc, int j0, int nc, float[] dst) {
        for (int s = 0; s * NR < nc; s++) {
            int cols = Math.min(NR, nc - s * NR);
            int d = s * kc * NR;
            int col0 = j0 + s * NR;
            if (!trans && cols == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = base + (p0 + p) * ldb + col0;
                    FloatVector.fromArray(S, b, src).intoArray(dst, d + p * NR);
                    FloatVector.fromArray(S, b, src + V).intoArray(dst, d + p * NR + V);
                }
            } else if (!trans) {
                for (int p = 0; p < kc; p++) {
                    int src = base + (p0 + p) * ldb + col0;
                    for (int j = 0; j < NR; j++) {
                        dst[d + p * NR + j] = j < cols ? b[src + j] : 0f;
                    }
                }
            } else {
                for (int j = 0; j < NR; j++) {
                    int src = base + (col0 + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[d + p * NR + j] = j < cols ? b[src + p] : 0f;
                    }
                }
            }
        }
    }

    /**
     * A strip of B that cannot be read in place (fewer than NR valid columns, or it would read past the end of its
     * array), copied into this thread's PACK_B scratch and zero-filled to NR columns: row p is src[base + rows[rowFrom
     * + p] ..) for nr columns. The copy's rows are then at {@link #PACKED_ROWS}.
     */
    static float[] packEdgeStrip(float[] src, int base, int[] rows, int rowFrom, int kc, int nr) {
        float[] b = Scratch.floats(Scratch.Slot.PACK_B, KC * NR);
        for (int p = 0; p < kc; p++) {
            int s = base + rows[rowFrom + p];
            for (int q = 0; q < NR; q++) {
                b[p * NR + q] = q < nr ? src[s + q] : 0f;
            }
        }
        return b;
    }

    // ---- driver -----------------------------------------------------------------------------------------------

    /** The batched product of {@link GemmParams}, split into (batch entry, column block, row block) tasks. */
    static void gemm(Parallel parallel, GemmParams g, float[] a, float[] b, float[] c) {
        if (g.m() == 1) {
            rowTimesMatrix(parallel, g, a, b, c);
            return;
        }
        int nc = Math.min(NC, roundUp(Math.max(NR, (g.n() + parallel.threads() - 1) / parallel.threads()), NR));
        int nBlocks = (g.n() + nc - 1) / nc;
        int mBlocks = (g.m() + MC - 1) / MC;
        int perBatch = nBlocks * mBlocks;
        parallel.forEach(g.batch() * perBatch, g.flops(), (w, t) -> {
            int i = t / perBatch;
            int j0 = (t % perBatch) / mBlocks * nc;
            int i0 = (t % mBlocks) * MC;
            block(
                    g,
                    a,
                    Math.toIntExact(i * g.strideA()),
                    b,
                    Math.toIntExact(i * g.strideB()),
                    c,
                    Math.toIntExact(i * g.strideC()),
                    i0,
                    Math.min(MC, g.m() - i0),
                    j0,
                    Math.min(nc, g.n() - j0));
        });
    }

    /** Columns of C per task of {@link #rowTimesMatrix}. */
    private static final int ROW_COLUMNS = 64;

    /**
     * One row of A (batch-1 inference through a linear layer): packing B for the register tile would cost as much
     * as the product, so C's row is computed from B as stored: V columns to a vector where B's rows are contiguous
     * (no transposition), eight scalar columns at a time otherwise. Each element is summed exactly
     * as the register tile sums it (from beta * C, or from zero when beta is 0, one fused multiply-add per k in
     * order, A scaled by alpha as {@link #packA} scales it), so a row gives the same bits alone as inside a larger
     * product: a batch of one predicts what the same clip does in any batch. A's row is contiguous either way (for
     * m = 1, lda is k without transposition and 1 with it).
     */
    static void rowTimesMatrix(Parallel parallel, GemmParams g, float[] a, float[] b, float[] c) {
        int n = g.n();
        int blocks = (n + ROW_COLUMNS - 1) / ROW_COLUMNS;
        parallel.forEach(g.batch() * blocks, g.flops(), (w, t) -> {
            int i = t / blocks;
            int j0 = (t % blocks) * ROW_COLUMNS;
            int j1 = Math.min(n, j0 + ROW_COLUMNS);
            int aBase = Math.toIntExact(i * g.strideA());
            int bBase = Math.toIntExact(i * g.strideB());
            int cBase = Math.toIntExact(i * g.strideC());
            int j = j0;
            if (!g.transB()) {
                for (; j + 4 * V <= j1; j += 4 * V) {
                    columnVectors4(g, a, aBase, b, bBase, c, cBase, j);
                }
                for (; j + V <= j1; j += V) {
                    columnVector(g, a, aBase, b, bBase, c, cBase, j);
                }
            }
            for (; j + 8 <= j1; j += 8) {
                columns8(g, a, aBase, b, bBase, c, cBase, j);
            }
            for (; j < j1; j++) {
                float sum = start(g, c, cBase + j);
                for (int p = 0; p < g.k(); p++) {
                    sum = Math.fma(g.alpha() * a[aBase + p], b[bBase + offsetInB(g, p, j)], sum);
                }
                c[cBase + j] = sum;
            }
        });
    }

    /**
     * C[0, j .. j + 8) of {@link #rowTimesMatrix}: eight independent chains, as many as keep two FMA units busy
     * through a four-cycle latency.
     */
    private static void columns8(
            GemmParams g, float[] a, int aBase, float[] b, int bBase, float[] c, int cBase, int j) {
        float s0 = start(g, c, cBase + j);
        float s1 = start(g, c, cBase + j + 1);
        float s2 = start(g, c, cBase + j + 2);
        float s3 = start(g, c, cBase + j + 3);
        float s4 = start(g, c, cBase + j + 4);
        float s5 = start(g, c, cBase + j + 5);
        float s6 = start(g, c, cBase + j + 6);
        float s7 = start(g, c, cBase + j + 7);
        int step = g.transB() ? g.k() : 1;
        for (int p = 0; p < g.k(); p++) {
            float ap = g.alpha() * a[aBase + p];
            int at = bBase + offsetInB(g, p, j);
            s0 = Math.fma(ap, b[at], s0);
            s1 = Math.fma(ap, b[at + step], s1);
            s2 = Math.fma(ap, b[at + 2 * step], s2);
            s3 = Math.fma(ap, b[at + 3 * step], s3);
            s4 = Math.fma(ap, b[at + 4 * step], s4);
            s5 = Math.fma(ap, b[at + 5 * step], s5);
            s6 = Math.fma(ap, b[at + 6 * step], s6);
            s7 = Math.fma(ap, b[at + 7 * step], s7);
        }
        c[cBase + j] = s0;
        c[cBase + j + 1] = s1;
        c[cBase + j + 2] = s2;
        c[cBase + j + 3] = s3;
        c[cBase + j + 4] = s4;
        c[cBase + j + 5] = s5;
        c[cBase + j + 6] = s6;
        c[cBase + j + 7] = s7;
    }

    /**
     * C[0, j .. j + 4V) of {@link #rowTimesMatrix} where B is not transposed: four vectors of independent chains,
     * each lane summed in the order, and with the roundings, of the scalar chain ({@link #start}: C times 1 is C).
     * The starts are written out here, not in a helper: a helper returning a vector that C2 declines to inline
     * ("too big") leaves the accumulators boxed through the loop, which made this three times slower than the
     * scalar columns.
     */
    private static void columnVectors4(
            GemmParams g, float[] a, int aBase, float[] b, int bBase, float[] c, int cBase, int j) {
        float beta = g.beta();
        FloatVector zero = FloatVector.zero(S);
        FloatVector s0 =
                beta == 0f ? zero : FloatVector.fromArray(S, c, cBase + j).mul(beta);
        FloatVector s1 =
                beta == 0f ? zero : FloatVector.fromArray(S, c, cBase + j + V).mul(beta);
        FloatVector s2 = beta == 0f
                ? zero
                : FloatVector.fromArray(S, c, cBase + j + 2 * V).mul(beta);
        FloatVector s3 = beta == 0f
                ? zero
                : FloatVector.fromArray(S, c, cBase + j + 3 * V).mul(beta);
        int n = g.n();
        for (int p = 0, at = bBase + j; p < g.k(); p++, at += n) {
            FloatVector ap = FloatVector.broadcast(S, g.alpha() * a[aBase + p]);
            s0 = FloatVector.fromArray(S, b, at).fma(ap, s0);
            s1 = FloatVector.fromArray(S, b, at + V).fma(ap, s1);
            s2 = FloatVector.fromArray(S, b, at + 2 * V).fma(ap, s2);
            s3 = FloatVector.fromArray(S, b, at + 3 * V).fma(ap, s3);
        }
        s0.intoArray(c, cBase + j);
        s1.intoArray(c, cBase + j + V);
        s2.intoArray(c, cBase + j + 2 * V);
        s3.intoArray(c, cBase + j + 3 * V);
    }

    /** C[0, j .. j + V) of {@link #rowTimesMatrix} where B is not transposed (see {@link #columnVectors4}). */
    private static void columnVector(
            GemmParams g, float[] a, int aBase, float[] b, int bBase, float[] c, int cBase, int j) {
        float beta = g.beta();
        FloatVector sum = beta == 0f
                ? FloatVector.zero(S)
                : FloatVector.fromArray(S, c, cBase + j).mul(beta);
        int n = g.n();
        for (int p = 0, at = bBase + j; p < g.k(); p++, at += n) {
            sum = FloatVector.fromArray(S, b, at).fma(FloatVector.broadcast(S, g.alpha() * a[aBase + p]), sum);
        }
        sum.intoArray(c, cBase + j);
    }

    /** Where a sum of C starts, as {@link #block} starts it: zero, C, or C scaled by beta. */
    private static float start(GemmParams g, float[] c, int at) {
        return g.beta() == 0f ? 0f : g.beta() == 1f ? c[at] : c[at] * g.beta();
    }

    /** The offset of op(B)[p][j] in B. */
    private static int offsetInB(GemmParams g, int p, int j) {
        return g.transB() ? j * g.k() + p : p * g.n() + j;
    }

    /** C[i0.., j0..] (mc x nc) of one batch entry, all of k. */
    static void block(
            GemmParams g,
            float[] a,
            int aBase,
            float[] b,
            int bBase,
            float[] c,
            int cBase,
            int i0,
            int mc,
            int j0,
            int nc) {
        int lda = g.transA() ? g.m() : g.k();
        int ldb = g.transB() ? g.k() : g.n();
        int ldc = g.n();
        float[] ap = Scratch.floats(Scratch.Slot.PACK_A, roundUp(mc, MR) * KC);
        float[] bp = Scratch.floats(Scratch.Slot.PACK_B, roundUp(nc, NR) * KC);
        boolean keep = g.beta() != 0f;
        if (keep && g.beta() != 1f) {
            for (int i = i0; i < i0 + mc; i++) {
                Elementwise.scale(c, cBase + i * ldc + j0, nc, g.beta());
            }
        }
        for (int p0 = 0; p0 < g.k(); p0 += KC) {
            int kc = Math.min(KC, g.k() - p0);
            packA(a, aBase, lda, g.transA(), i0, mc, p0, kc, ap, 0, g.alpha());
            packB(b, bBase, ldb, g.transB(), p0, kc, j0, nc, bp);
            for (int js = 0; js < nc; js += NR) {
                for (int is = 0; is < mc; is += MR) {
                    tile(
                            kc,
                            ap,
                            is * kc,
                            bp,
                            js * kc,
                            PACKED_ROWS,
                            0,
                            c,
                            cBase + (i0 + is) * ldc + j0 + js,
                            ldc,
                            Math.min(MR, mc - is),
                            Math.min(NR, nc - js),
                            keep || p0 > 0);
                }
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
