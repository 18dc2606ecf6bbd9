package dev.cochlea.cpu;

import dev.cochlea.kernels.Conv1dParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Conv1d as an implicit GEMM on the {@link Gemm} micro-kernel. Forward: y[n] (Cout x Lout) = W (Cout x Cin*K) *
 * col(x[n]) where, at stride 1, row (ci, kk) of col is the input row ci shifted by kk * dilation, so the kernel reads
 * x in place through a row-offset table and nothing is copied (padding first copies the sample into a padded row).
 * Backward-input at stride 1 is the same product with the flipped, transposed weights over gradY padded by the
 * dilated kernel span (a "full" correlation). Backward-weight at stride 1 without padding and with long rows is a
 * blocked dot-product kernel over output positions (both operands are contiguous there); shorter rows and other
 * cases materialise im2col per sample and run the packed GEMM.
 */
final class Conv {
    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int V = Gemm.V;
    private static final int MR = Gemm.MR;
    private static final int NR = Gemm.NR;
    private static final int KC = Gemm.KC;
    /** Column strips per forward task: 8 x 32 output positions. */
    private static final int STRIPS_PER_TASK = 8;
    /** Output positions per block of the weight-gradient dot kernel (8 KB per row, so gradY's block stays in L2). */
    private static final int DOT_BLOCK = 2048;
    /** Bytes of gy and x blocks (all channels) that one weight-gradient task keeps in L2 (1 MB per Zen 4 core). */
    private static final int DOT_L2_BYTES = 384 * 1024;

    private Conv() {}

    // ---- forward ----------------------------------------------------------------------------------------------

    /** @see dev.cochlea.kernels.ReferenceConv#forward the reference twin these algorithms must equal */
    static void forward(Parallel par, Conv1dParams p, float[] x, float[] w, float[] bias, float[] y) {
        float[] packed = packWeights(w, p.outChannels(), p.inChannels() * p.kernelSize(), false);
        if (p.stride() == 1 && p.padding() == 0) {
            forwardInPlace(par, p, packed, x, bias, y);
        } else {
            forwardPerSample(par, p, packed, x, bias, y);
        }
    }

    /**
     * Stride 1 without padding: B's row (ci, kk) is x's row ci shifted by kk * dilation, read in place through a
     * row-offset table; tasks are blocks of output columns of one sample.
     *
     * @see dev.cochlea.kernels.ReferenceConv#forward
     */
    private static void forwardInPlace(
            Parallel par, Conv1dParams p, float[] packed, float[] x, float[] bias, float[] y) {
        int ktot = p.inChannels() * p.kernelSize();
        int lout = p.outLength();
        int inStride = p.inChannels() * p.inLength();
        int outStride = p.outChannels() * lout;
        int[] rows = shiftedRows(p.inChannels(), p.inLength(), p.kernelSize(), p.dilation());
        int strips = (lout + NR - 1) / NR;
        int groups = (strips + STRIPS_PER_TASK - 1) / STRIPS_PER_TASK;
        par.forEach(p.batch() * groups, p.flops(), (wk, t) -> {
            int n = t / groups;
            int l0 = (t % groups) * STRIPS_PER_TASK * NR;
            int l1 = Math.min(lout, l0 + STRIPS_PER_TASK * NR);
            product(packed, p.outChannels(), ktot, x, n * inStride, rows, false, l0, l1, y, n * outStride, lout);
            addBias(bias, y, n * outStride, p.outChannels(), lout, l0, l1);
        });
    }

    /**
     * Padded or strided: each task copies one sample into a padded row (stride 1) or an im2col matrix (strided),
     * see {@link #sampleSource}, and multiplies.
     *
     * @see dev.cochlea.kernels.ReferenceConv#forward
     */
    private static void forwardPerSample(
            Parallel par, Conv1dParams p, float[] packed, float[] x, float[] bias, float[] y) {
        int ktot = p.inChannels() * p.kernelSize();
        int lout = p.outLength();
        int inStride = p.inChannels() * p.inLength();
        int outStride = p.outChannels() * lout;
        par.forEach(p.batch(), p.flops(), (wk, n) -> {
            int[] rows = new int[ktot];
            float[] src = sampleSource(p, x, n * inStride, rows);
            product(packed, p.outChannels(), ktot, src, 0, rows, true, 0, lout, y, n * outStride, lout);
            addBias(bias, y, n * outStride, p.outChannels(), lout, 0, lout);
        });
    }

    /**
     * B rows for sample n when the input cannot be read in place: a zero-padded copy (stride 1) or an explicit
     * im2col matrix (stride > 1), in this thread's scratch with NR floats of slack so edge strips can over-read.
     */
    private static float[] sampleSource(Conv1dParams p, float[] x, int base, int[] rows) {
        int cin = p.inChannels();
        int len = p.inLength();
        int k = p.kernelSize();
        int pad = p.padding();
        if (p.stride() == 1) {
            int lp = len + 2 * pad;
            float[] xp = Scratch.floats(Scratch.Slot.SAMPLE, cin * lp + NR);
            for (int ci = 0; ci < cin; ci++) {
                java.util.Arrays.fill(xp, ci * lp, ci * lp + pad, 0f);
                System.arraycopy(x, base + ci * len, xp, ci * lp + pad, len);
                java.util.Arrays.fill(xp, ci * lp + pad + len, (ci + 1) * lp, 0f);
            }
            int[] shifted = shiftedRows(cin, lp, k, p.dilation());
            System.arraycopy(shifted, 0, rows, 0, shifted.length);
            return xp;
        }
        int lout = p.outLength();
        float[] col = Scratch.floats(Scratch.Slot.SAMPLE, cin * k * lout + NR);
        for (int ci = 0; ci < cin; ci++) {
            for (int kk = 0; kk < k; kk++) {
                int r = ci * k + kk;
                rows[r] = r * lout;
                for (int l = 0; l < lout; l++) {
                    int t = l * p.stride() + kk * p.dilation() - pad;
                    col[r * lout + l] = t >= 0 && t < len ? x[base + ci * len + t] : 0f;
                }
            }
        }
        return col;
    }

    /** Row (ci, kk) of the implicit im2col matrix starts at ci * rowLength + kk * dilation. */
    private static int[] shiftedRows(int channels, int rowLength, int k, int dilation) {
        int[] rows = new int[channels * k];
        for (int c = 0; c < channels; c++) {
            for (int kk = 0; kk < k; kk++) {
                rows[c * k + kk] = c * rowLength + kk * dilation;
            }
        }
        return rows;
    }

    /** All of W (m x ktot, or its transpose stored ktot x m), packed KC-block by KC-block into MR-row micro-panels. */
    private static float[] packWeights(float[] w, int m, int ktot, boolean trans) {
        int mp = Gemm.roundUp(m, MR);
        float[] ap = Scratch.floats(Scratch.Slot.WEIGHTS, mp * ktot);
        for (int p0 = 0; p0 < ktot; p0 += KC) {
            Gemm.packA(w, 0, trans ? m : ktot, trans, 0, m, p0, Math.min(KC, ktot - p0), ap, mp * p0, 1f);
        }
        return ap;
    }

    /**
     * C[:, l0..l1) = A (m x ktot, packed by {@link #packWeights}) * B, where row p of B starts at src[base + rows[p]].
     * With {@code overRead} the source has NR floats of slack after every row, so edge strips read it in place;
     * otherwise they are packed first.
     */
    private static void product(
            float[] ap,
            int m,
            int ktot,
            float[] src,
            int base,
            int[] rows,
            boolean overRead,
            int l0,
            int l1,
            float[] c,
            int cBase,
            int ldc) {
        int mp = Gemm.roundUp(m, MR);
        for (int p0 = 0; p0 < ktot; p0 += KC) {
            int kc = Math.min(KC, ktot - p0);
            for (int j = l0; j < l1; j += NR) {
                int nr = Math.min(NR, l1 - j);
                float[] b = src;
                int bBase = base + j;
                int[] bRows = rows;
                int rowFrom = p0;
                if (nr < NR && !overRead) {
                    b = Scratch.floats(Scratch.Slot.PACK_B, KC * NR);
                    for (int p = 0; p < kc; p++) {
                        int s = base + rows[p0 + p] + j;
                        for (int q = 0; q < NR; q++) {
                            b[p * NR + q] = q < nr ? src[s + q] : 0f;
                        }
                    }
                    bBase = 0;
                    bRows = Gemm.PACKED_ROWS;
                    rowFrom = 0;
                }
                for (int i = 0; i < m; i += MR) {
                    Gemm.tile(
                            kc,
                            ap,
                            mp * p0 + i * kc,
                            b,
                            bBase,
                            bRows,
                            rowFrom,
                            c,
                            cBase + i * ldc + j,
                            ldc,
                            Math.min(MR, m - i),
                            nr,
                            p0 > 0);
                }
            }
        }
    }

    private static void addBias(float[] bias, float[] y, int base, int channels, int len, int l0, int l1) {
        if (bias == null) {
            return;
        }
        for (int c = 0; c < channels; c++) {
            Elementwise.addScalar(y, base + c * len + l0, l1 - l0, bias[c]);
        }
    }

    // ---- backward input ---------------------------------------------------------------------------------------

    /** @see dev.cochlea.kernels.ReferenceConv#backwardInput the reference twin these algorithms must equal */
    static void backwardInput(Parallel par, Conv1dParams p, float[] gy, float[] w, float[] gx) {
        if (p.stride() == 1) {
            backwardInputByFullCorrelation(par, p, gy, w, gx);
        } else {
            backwardInputByCol2im(par, p, gy, w, gx);
        }
    }

    /**
     * Stride 1: gradX_full[ci, t] = sum over (co, j) of w[co, ci, K-1-j] * gyPad[co, t + j * d], t &lt; L + 2 * pad,
     * the forward's implicit product with flipped, transposed weights over gradY padded by the dilated kernel span;
     * the padding is then cut off.
     *
     * @see dev.cochlea.kernels.ReferenceConv#backwardInput
     */
    private static void backwardInputByFullCorrelation(
            Parallel par, Conv1dParams p, float[] gy, float[] w, float[] gx) {
        int cin = p.inChannels();
        int cout = p.outChannels();
        int k = p.kernelSize();
        int len = p.inLength();
        int lout = p.outLength();
        int span = (k - 1) * p.dilation();
        int lp = lout + 2 * span;
        int full = lout + span;
        float[] flipped = Scratch.floats(Scratch.Slot.FLIPPED_WEIGHTS, cin * cout * k);
        for (int ci = 0; ci < cin; ci++) {
            for (int co = 0; co < cout; co++) {
                for (int j = 0; j < k; j++) {
                    flipped[ci * cout * k + co * k + j] = w[(co * cin + ci) * k + k - 1 - j];
                }
            }
        }
        float[] ap = packWeights(flipped, cin, cout * k, false);
        int[] rows = shiftedRows(cout, lp, k, p.dilation());
        par.forEach(p.batch(), p.flops(), (wk, n) -> {
            float[] pad = Scratch.floats(Scratch.Slot.SAMPLE, cout * lp + NR);
            for (int co = 0; co < cout; co++) {
                java.util.Arrays.fill(pad, co * lp, co * lp + span, 0f);
                System.arraycopy(gy, (n * cout + co) * lout, pad, co * lp + span, lout);
                java.util.Arrays.fill(pad, co * lp + span + lout, (co + 1) * lp, 0f);
            }
            if (p.padding() == 0) {
                product(ap, cin, cout * k, pad, 0, rows, true, 0, full, gx, n * cin * len, len);
            } else {
                float[] out = Scratch.floats(Scratch.Slot.PADDED_GRADIENT, cin * full);
                product(ap, cin, cout * k, pad, 0, rows, true, 0, full, out, 0, full);
                for (int ci = 0; ci < cin; ci++) {
                    System.arraycopy(out, ci * full + p.padding(), gx, (n * cin + ci) * len, len);
                }
            }
        });
    }

    /**
     * Strided: gradCol (Cin*K x Lout) = W^T * gy[n], then col2im adds each column back to its input position.
     *
     * @see dev.cochlea.kernels.ReferenceConv#backwardInput
     */
    private static void backwardInputByCol2im(Parallel par, Conv1dParams p, float[] gy, float[] w, float[] gx) {
        int cin = p.inChannels();
        int cout = p.outChannels();
        int k = p.kernelSize();
        int len = p.inLength();
        int lout = p.outLength();
        int ktot = cin * k;
        float[] ap = packWeights(w, ktot, cout, true);
        int[] rows = new int[cout];
        for (int co = 0; co < cout; co++) {
            rows[co] = co * lout;
        }
        par.forEach(p.batch(), p.flops(), (wk, n) -> {
            float[] gys = Scratch.floats(Scratch.Slot.SAMPLE, cout * lout + NR);
            System.arraycopy(gy, n * cout * lout, gys, 0, cout * lout);
            float[] col = Scratch.floats(Scratch.Slot.COLUMNS, ktot * lout);
            product(ap, ktot, cout, gys, 0, rows, true, 0, lout, col, 0, lout);
            int base = n * cin * len;
            java.util.Arrays.fill(gx, base, base + cin * len, 0f);
            for (int ci = 0; ci < cin; ci++) {
                for (int kk = 0; kk < k; kk++) {
                    int r = ci * k + kk;
                    for (int l = 0; l < lout; l++) {
                        int t = l * p.stride() + kk * p.dilation() - p.padding();
                        if (t >= 0 && t < len) {
                            gx[base + ci * len + t] += col[r * lout + l];
                        }
                    }
                }
            }
        });
    }

    // ---- backward weight --------------------------------------------------------------------------------------

    /**
     * Below this many output positions the dot kernel's per-block reductions cost more than the packed GEMM's
     * im2col and packing do. Measured on the seed shapes at batch 32 (Zen 4, 2 threads, interleaved A/B runs):
     * L 7972 dots 143 vs GEMM 105 GFLOP/s, L 1990 112 vs 116, L 494 63 vs 141, L 120 35 vs 138.
     */
    static final int DOT_KERNEL_MIN_LENGTH = 4096;

    /** @see dev.cochlea.kernels.ReferenceConv#backwardWeight the reference twin these algorithms must equal */
    static void backwardWeight(Parallel par, Conv1dParams p, float[] x, float[] gy, float[] gw, float[] gb) {
        if (p.stride() == 1 && p.padding() == 0 && p.outLength() >= DOT_KERNEL_MIN_LENGTH) {
            weightByDots(par, p, x, gy, gw);
        } else {
            weightByGemm(par, p, x, gy, gw);
        }
        if (gb != null) {
            biasGrad(p, gy, gb);
        }
    }

    /**
     * gradBias[co] = sum over n, l of gy[n, co, l].
     *
     * @see dev.cochlea.kernels.ReferenceConv#backwardWeight
     */
    private static void biasGrad(Conv1dParams p, float[] gy, float[] gb) {
        int lout = p.outLength();
        int cout = p.outChannels();
        for (int co = 0; co < cout; co++) {
            double sum = 0;
            for (int n = 0; n < p.batch(); n++) {
                sum += Elementwise.sum(gy, (n * cout + co) * lout, lout);
            }
            gb[co] = (float) sum;
        }
    }

    /**
     * gradW[co, ci, kk] = sum over n, l of gy[n, co, l] * x[n, ci, l + kk * d]: a 4 (co) x 4 (kk) register tile of
     * vector dot products (see {@link #dotTile}). A task is one sample's block of output positions, short enough that
     * the block of gy (every output channel) and of x (every input channel) stay in L2 while all the tiles read them,
     * so each activation comes from memory once; tasks add into per-worker partial gradients, summed at the end (tasks
     * are dealt to workers statically, so the rounding is the same on every run).
     *
     * @see dev.cochlea.kernels.ReferenceConv#backwardWeight
     */
    static void weightByDots(Parallel par, Conv1dParams p, float[] x, float[] gy, float[] gw) {
        int cin = p.inChannels();
        int cout = p.outChannels();
        int k = p.kernelSize();
        int d = p.dilation();
        int len = p.inLength();
        int lout = p.outLength();
        int ktot = cin * k;
        int size = cout * ktot;
        int fits = Math.max(V, DOT_L2_BYTES / (4 * (cin + cout)) / V * V);
        int block = Math.min(DOT_BLOCK, fits);
        int blocks = (lout + block - 1) / block;
        float[][] partial = new float[par.threads()][];
        par.forEachStatic(p.batch() * blocks, p.flops(), (wk, t) -> {
            float[] acc = partial[wk];
            if (acc == null) {
                acc = Scratch.floats(Scratch.Slot.PARTIAL, size);
                java.util.Arrays.fill(acc, 0, size, 0f);
                partial[wk] = acc;
            }
            int n = t / blocks;
            int l0 = (t % blocks) * block;
            int count = Math.min(block, lout - l0);
            for (int co0 = 0; co0 < cout; co0 += 4) {
                int nco = Math.min(4, cout - co0);
                Rows gyRows = new Rows(gy, (n * cout + co0) * lout + l0, lout, nco);
                for (int ci = 0; ci < cin; ci++) {
                    int xRow = (n * cin + ci) * len + l0;
                    for (int kk = 0; kk < k; kk += 4) {
                        Rows shifts = new Rows(x, xRow + kk * d, d, Math.min(4, k - kk));
                        Rows sums = new Rows(acc, co0 * ktot + ci * k + kk, ktot, nco);
                        dotTile(shifts, gyRows, count, sums);
                    }
                }
            }
        });
        boolean first = true;
        for (float[] part : partial) {
            if (part == null) {
                continue;
            }
            if (first) {
                System.arraycopy(part, 0, gw, 0, size);
                first = false;
            } else {
                Elementwise.axpy(1f, part, 0, gw, 0, size);
            }
        }
    }

    /**
     * Row r, column j of sums += the dot product over i &lt; count of gy row r and x shift j (r &lt; 4, j &lt; 4).
     * Missing rows and shifts reuse the last valid one (their sums are computed and dropped), keeping one code path.
     */
    private static void dotTile(Rows shifts, Rows gyRows, int count, Rows sums) {
        float[] x = shifts.data();
        int x0 = shifts.start();
        int d = shifts.stride();
        int nkk = shifts.count();
        float[] gy = gyRows.data();
        int g = gyRows.start();
        int ldg = gyRows.stride();
        int nco = gyRows.count();
        int xa = x0;
        int xb = x0 + Math.min(1, nkk - 1) * d;
        int xc = x0 + Math.min(2, nkk - 1) * d;
        int xd = x0 + Math.min(3, nkk - 1) * d;
        int ga = g;
        int gb = g + Math.min(1, nco - 1) * ldg;
        int gc = g + Math.min(2, nco - 1) * ldg;
        int gd = g + Math.min(3, nco - 1) * ldg;
        FloatVector a0 = FloatVector.zero(S),
                a1 = a0,
                a2 = a0,
                a3 = a0,
                b0 = a0,
                b1 = a0,
                b2 = a0,
                b3 = a0,
                c0 = a0,
                c1 = a0,
                c2 = a0,
                c3 = a0,
                d0 = a0,
                d1 = a0,
                d2 = a0,
                d3 = a0;
        int bound = S.loopBound(count);
        for (int i = 0; i < bound; i += V) {
            FloatVector x1 = FloatVector.fromArray(S, x, xa + i);
            FloatVector x2 = FloatVector.fromArray(S, x, xb + i);
            FloatVector x3 = FloatVector.fromArray(S, x, xc + i);
            FloatVector x4 = FloatVector.fromArray(S, x, xd + i);
            FloatVector gv = FloatVector.fromArray(S, gy, ga + i);
            a0 = gv.fma(x1, a0);
            a1 = gv.fma(x2, a1);
            a2 = gv.fma(x3, a2);
            a3 = gv.fma(x4, a3);
            gv = FloatVector.fromArray(S, gy, gb + i);
            b0 = gv.fma(x1, b0);
            b1 = gv.fma(x2, b1);
            b2 = gv.fma(x3, b2);
            b3 = gv.fma(x4, b3);
            gv = FloatVector.fromArray(S, gy, gc + i);
            c0 = gv.fma(x1, c0);
            c1 = gv.fma(x2, c1);
            c2 = gv.fma(x3, c2);
            c3 = gv.fma(x4, c3);
            gv = FloatVector.fromArray(S, gy, gd + i);
            d0 = gv.fma(x1, d0);
            d1 = gv.fma(x2, d1);
            d2 = gv.fma(x3, d2);
            d3 = gv.fma(x4, d3);
        }
        TileTail tail = new TileTail(shifts, gyRows, bound, count, sums);
        tail.add(a0, 0, 0);
        tail.add(a1, 0, 1);
        tail.add(a2, 0, 2);
        tail.add(a3, 0, 3);
        tail.add(b0, 1, 0);
        tail.add(b1, 1, 1);
        tail.add(b2, 1, 2);
        tail.add(b3, 1, 3);
        tail.add(c0, 2, 0);
        tail.add(c1, 2, 1);
        tail.add(c2, 2, 2);
        tail.add(c3, 2, 3);
        tail.add(d0, 3, 0);
        tail.add(d1, 3, 1);
        tail.add(d2, 3, 2);
        tail.add(d3, 3, 3);
    }

    /** {@code count} rows of {@code data}, the first at {@code start}, each {@code stride} after the previous. */
    private record Rows(float[] data, int start, int stride, int count) {
        int at(int row) {
            return start + row * stride;
        }
    }

    /**
     * The end of one {@link #dotTile}: accumulator (r, j), for gy row r and x shift j, is reduced, completed with the
     * products past {@code bound} that the vector loop left (up to {@code count}), and added to row r, column j of
     * {@code sums}.
     */
    private record TileTail(Rows shifts, Rows gyRows, int bound, int count, Rows sums) {
        void add(FloatVector acc, int r, int j) {
            if (r >= gyRows.count() || j >= shifts.count()) {
                return;
            }
            float s = Elementwise.sumLanes(acc);
            int gr = gyRows.at(r);
            int xr = shifts.at(j);
            for (int i = bound; i < count; i++) {
                s += gyRows.data()[gr + i] * shifts.data()[xr + i];
            }
            sums.data()[sums.at(r) + j] += s;
        }
    }

    /**
     * Strided, padded or short rows: per sample, gradW += gy[n] (Cout x Lout) * col[n]^T, into per-worker partial
     * sums.
     *
     * @see dev.cochlea.kernels.ReferenceConv#backwardWeight
     */
    static void weightByGemm(Parallel par, Conv1dParams p, float[] x, float[] gy, float[] gw) {
        int cout = p.outChannels();
        int ktot = p.inChannels() * p.kernelSize();
        int lout = p.outLength();
        int size = cout * ktot;
        float[][] partial = new float[par.threads()][];
        dev.cochlea.kernels.GemmParams first =
                new dev.cochlea.kernels.GemmParams(1, cout, ktot, lout, false, true, 1f, 0f, 0, 0, 0);
        dev.cochlea.kernels.GemmParams more = first.withAlphaBeta(1f, 1f);
        par.forEachStatic(p.batch(), p.flops(), (wk, n) -> {
            boolean fresh = partial[wk] == null;
            if (fresh) {
                partial[wk] = Scratch.floats(Scratch.Slot.PARTIAL, size);
            }
            int[] rows = Scratch.ints(ktot);
            float[] src = sampleSource(p, x, n * p.inChannels() * p.inLength(), rows);
            float[] col = src;
            if (p.stride() == 1) {
                // sampleSource gave a padded copy; expand it into im2col rows for the packed product.
                col = Scratch.floats(Scratch.Slot.COLUMNS, ktot * lout);
                for (int r = 0; r < ktot; r++) {
                    System.arraycopy(src, rows[r], col, r * lout, lout);
                }
            }
            Gemm.block(fresh ? first : more, gy, n * cout * lout, col, 0, partial[wk], 0, 0, cout, 0, ktot);
        });
        boolean any = false;
        for (float[] part : partial) {
            if (part == null) {
                continue;
            }
            if (!any) {
                System.arraycopy(part, 0, gw, 0, size);
                any = true;
            } else {
                Elementwise.axpy(1f, part, 0, gw, 0, size);
            }
        }
    }
}
