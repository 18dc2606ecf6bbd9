package dev.cochlea.cpu;

import dev.cochlea.kernels.Conv1dParams;

/**
 * Conv1d as an implicit GEMM on the {@link Gemm} micro-kernel. Forward: y[n] (Cout x Lout) = W (Cout x Cin*K) *
 * col(x[n]) where, at stride 1, row (ci, kk) of col is the input row ci shifted by kk * dilation, so the kernel reads
 * x in place through a row-offset table and nothing is copied (padding first copies the sample into a padded row).
 * Backward-input at stride 1 is the same product with the flipped, transposed weights over gradY padded by the
 * dilated kernel span (a "full" correlation). Backward-weight with long kernels at stride 1 (the first layer of a
 * raw-waveform network) is a product whose B rows are the input itself, shifted (see {@link #weightByShiftedRows});
 * other shapes materialise im2col per sample and run the packed GEMM.
 */
final class Conv {
    private static final int MR = Gemm.MR;
    private static final int NR = Gemm.NR;
    private static final int KC = Gemm.KC;
    /** Column strips per forward task: 8 x 32 output positions. */
    private static final int STRIPS_PER_TASK = 8;

    private Conv() {}

    // ---- forward ----------------------------------------------------------------------------------------------

    /** @see dev.cochlea.kernels.ReferenceConv#forward the reference twin these algorithms must equal */
    static void forward(Parallel par, Conv1dParams p, float[] x, float[] w, float[] bias, float[] y) {
        forwardPacked(par, p, packWeights(w, p.outChannels(), p.inChannels() * p.kernelSize(), false), x, bias, y);
    }

    /** {@link #forward} with the weights already rearranged by {@link #packWeights}. */
    static void forwardPacked(Parallel par, Conv1dParams p, float[] packed, float[] x, float[] bias, float[] y) {
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
    static float[] packWeights(float[] w, int m, int ktot, boolean trans) {
        int mp = Gemm.roundUp(m, MR);
        float[] ap = Scratch.floats(Scratch.Slot.WEIGHTS, packedSize(m, ktot));
        for (int p0 = 0; p0 < ktot; p0 += KC) {
            Gemm.packA(w, 0, trans ? m : ktot, trans, 0, m, p0, Math.min(KC, ktot - p0), ap, mp * p0, 1f);
        }
        return ap;
    }

    /** Floats of {@link #packWeights}' layout for an m x ktot weight: m rounded up to whole MR-row panels. */
    static int packedSize(int m, int ktot) {
        return Math.multiplyExact(Gemm.roundUp(m, MR), ktot);
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
                    b = Gemm.packEdgeStrip(src, base + j, rows, p0, kc, nr);
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

    /** @see dev.cochlea.kernels.ReferenceConv#backwardWeight the reference twin these algorithms must equal */
    static void backwardWeight(Parallel par, Conv1dParams p, float[] x, float[] gy, float[] gw, float[] gb) {
        boolean inPlace = p.stride() == 1 && p.padding() == 0;
        if (inPlace && p.dilation() == 1 && p.kernelSize() >= NR) {
            weightByShiftedRows(par, p, x, gy, gw);
        } else if (p.stride() == 1) {
            weightByTransposedInput(par, p, x, gy, gw);
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

    /** Output positions per weight-gradient task of {@link #overGradientSlices}: 8 KC slices. */
    private static final int SHIFTED_BLOCK = 8 * KC;
    /** Row offsets 0, 1, 2, ...: row p of B is the input shifted by p. */
    private static final int[] CONSECUTIVE_ROWS = new int[KC];

    static {
        for (int p = 0; p < KC; p++) {
            CONSECUTIVE_ROWS[p] = p;
        }
    }

    /**
     * Long kernels (at least NR taps) at stride 1, no padding or dilation, as the first layer of a raw-waveform
     * network has: for each sample and input channel, gradW[:, ci, :] (Cout x K) += gy[n] (Cout x Lout) * B, where row
     * l of B is x[n, ci, l .. l + K), the input itself shifted by l. So the product runs on the {@link Gemm} register
     * tile with nothing packed (gy's rows are read in place too), and K is wide enough to fill the tile's columns.
     * Tasks are (sample, block of output positions), dealt statically into per-worker partial sums, so the rounding is
     * the same on every run.
     *
     * @see dev.cochlea.kernels.ReferenceConv#backwardWeight
     */
    static void weightByShiftedRows(Parallel par, Conv1dParams p, float[] x, float[] gy, float[] gw) {
        int cin = p.inChannels();
        int k = p.kernelSize();
        int len = p.inLength();
        int ldc = cin * k;
        float[][] partial = overGradientSlices(par, p, gy, p.outChannels() * ldc, (slice, n, p0, acc) -> {
            for (int ci = 0; ci < cin; ci++) {
                int row = (n * cin + ci) * len + p0;
                for (int j = 0; j < k; j += NR) {
                    shiftedStrip(slice, x, row + j, acc, ci * k + j, ldc, Math.min(NR, k - j));
                }
            }
        });
        sumPartials(partial, gw, p.outChannels() * ldc);
    }

    /**
     * Short kernels at stride 1 (any padding and dilation): for each tap j, gradW[:, :, j] (Cout x Cin) += gy[n]
     * (Cout x Lout) * B_j, where row l of B_j is the input at position l + j * dilation - padding across all input
     * channels. That is a row of the input transposed to positions x channels, so each slice of KC positions is
     * transposed once (zero where the padding is) and then read in place by the register tile for every tap, as are
     * gy's rows; Cin fills the tile's columns. The partial sums are kept as [Cout, K, Cin] and permuted when summed.
     *
     * @see dev.cochlea.kernels.ReferenceConv#backwardWeight
     */
    static void weightByTransposedInput(Parallel par, Conv1dParams p, float[] x, float[] gy, float[] gw) {
        int cin = p.inChannels();
        int cout = p.outChannels();
        int k = p.kernelSize();
        int tapStep = p.dilation() * cin;
        int ldc = k * cin;
        int span = KC + (k - 1) * p.dilation();
        int[] rows = new int[KC];
        for (int r = 0; r < KC; r++) {
            rows[r] = r * cin;
        }
        float[][] partial = overGradientSlices(par, p, gy, cout * ldc, (slice, n, p0, acc) -> {
            // NR floats of slack: the last strip of the last row is read NR wide.
            float[] xt = Scratch.floats(Scratch.Slot.TRANSPOSED_INPUT, span * cin + NR);
            transposeWindow(p, x, n, p0 - p.padding(), slice.kc() + (k - 1) * p.dilation(), xt);
            for (int j = 0; j < k; j++) {
                for (int s0 = 0; s0 < cin; s0 += NR) {
                    slice.times(xt, j * tapStep + s0, rows, acc, j * cin + s0, ldc, Math.min(NR, cin - s0));
                }
            }
        });
        float[] sum = summedPartials(partial, cout * ldc);
        for (int co = 0; co < cout; co++) {
            for (int j = 0; j < k; j++) {
                for (int ci = 0; ci < cin; ci++) {
                    gw[(co * cin + ci) * k + j] = sum[co * ldc + j * cin + ci];
                }
            }
        }
    }

    /** acc += the output gradient's slice (sample n, positions p0 .. p0 + slice.kc()) times the algorithm's B. */
    private interface GradientSlice {
        void add(OutputGradientSlice slice, int n, int p0, float[] acc);
    }

    /**
     * Output positions [p0, p0 + kc) of sample n's output gradient, all Cout rows, as the A of a weight-gradient
     * product. Full MR-row tiles read gy's rows in place ({@link RowTileKernels}); the rows left over when MR does not
     * divide Cout are packed once per slice into {@code rest} (zero-padded to MR rows), null when none are.
     */
    private record OutputGradientSlice(float[] gy, int base, int lout, int cout, int kc, float[] rest) {
        /** Rows read in place: Cout rounded down to whole tiles. */
        int fullRows() {
            return cout - cout % MR;
        }

        /** acc[:, cOff .. cOff + nr) (rows ldc apart) += this slice times B, B's row q at b[bBase + rows[q]]. */
        void times(float[] b, int bBase, int[] rows, float[] acc, int cOff, int ldc, int nr) {
            int full = fullRows();
            for (int i = 0; i < full; i += MR) {
                Gemm.tileRowsInPlace(kc, gy, base + i * lout, lout, b, bBase, rows, 0, acc, cOff + i * ldc, ldc, nr);
            }
            if (rest != null) {
                Gemm.tile(kc, rest, 0, b, bBase, rows, 0, acc, cOff + full * ldc, ldc, cout - full, nr, true);
            }
        }
    }

    /**
     * The task layout the weight-gradient products share: tasks are (sample, block of output positions), dealt
     * statically into per-worker partial sums of {@code size} floats (zeroed on first use), so the rounding is the
     * same on every run; each KC slice of gy is handed to {@code slice}. Workers that got no task leave a null entry.
     */
    private static float[][] overGradientSlices(
            Parallel par, Conv1dParams p, float[] gy, int size, GradientSlice slice) {
        int cout = p.outChannels();
        int lout = p.outLength();
        int full = cout - cout % MR;
        int blocks = (lout + SHIFTED_BLOCK - 1) / SHIFTED_BLOCK;
        float[][] partial = new float[par.threads()][];
        par.forEachStatic(p.batch() * blocks, p.flops(), (wk, t) -> {
            float[] acc = partial[wk];
            if (acc == null) {
                acc = Scratch.floats(Scratch.Slot.PARTIAL, size);
                java.util.Arrays.fill(acc, 0, size, 0f);
                partial[wk] = acc;
            }
            int n = t / blocks;
            int l0 = (t % blocks) * SHIFTED_BLOCK;
            int l1 = Math.min(lout, l0 + SHIFTED_BLOCK);
            int base = n * cout * lout;
            for (int p0 = l0; p0 < l1; p0 += KC) {
                int kc = Math.min(KC, l1 - p0);
                float[] rest = null;
                if (full < cout) {
                    rest = Scratch.floats(Scratch.Slot.PACK_A, MR * KC);
                    Gemm.packA(gy, base, lout, false, full, cout - full, p0, kc, rest, 0, 1f);
                }
                slice.add(new OutputGradientSlice(gy, base + p0, lout, cout, kc, rest), n, p0, acc);
            }
        });
        return partial;
    }

    /** xt[t * Cin + ci] = x[n, ci, from + t] for t &lt; count, zero outside the input (the padding). */
    private static void transposeWindow(Conv1dParams p, float[] x, int n, int from, int count, float[] xt) {
        int cin = p.inChannels();
        int len = p.inLength();
        int lo = Math.max(0, -from);
        int hi = Math.min(count, len - from);
        if (lo > 0 || hi < count) {
            java.util.Arrays.fill(xt, 0, count * cin, 0f);
        }
        for (int ci = 0; ci < cin; ci++) {
            int src = (n * cin + ci) * len + from;
            for (int t = lo; t < hi; t++) {
                xt[t * cin + ci] = x[src + t];
            }
        }
    }

    /**
     * acc[:, cOff .. cOff + nr) += the slice times B, where row q of B starts at x[start + q]. B is read in place
     * unless a strip would run past the end of x (the last row's last columns); then it is copied, zero-filled.
     */
    private static void shiftedStrip(
            OutputGradientSlice slice, float[] x, int start, float[] acc, int cOff, int ldc, int nr) {
        if (start + slice.kc() - 1 + NR <= x.length) {
            slice.times(x, start, CONSECUTIVE_ROWS, acc, cOff, ldc, nr);
            return;
        }
        float[] b = Gemm.packEdgeStrip(x, start, CONSECUTIVE_ROWS, 0, slice.kc(), nr);
        slice.times(b, 0, Gemm.PACKED_ROWS, acc, cOff, ldc, nr);
    }

    /** gw = the sum of the per-worker partial sums, in worker order. */
    private static void sumPartials(float[][] partial, float[] gw, int size) {
        System.arraycopy(summedPartials(partial, size), 0, gw, 0, size);
    }

    /**
     * The per-worker partial sums added in worker order into the first worker's array, which is returned (the
     * partials are scratch, free once the parallel region is over). Workers without a partial are skipped.
     */
    private static float[] summedPartials(float[][] partial, int size) {
        float[] sum = null;
        for (float[] part : partial) {
            if (part == null) {
                continue;
            }
            if (sum == null) {
                sum = part;
            } else {
                Elementwise.axpy(1f, part, 0, sum, 0, size);
            }
        }
        return sum;
    }

    /**
     * Every other shape: per sample, gradW += gy[n] (Cout x Lout) * col[n]^T, into per-worker partial
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
        sumPartials(partial, gw, size);
    }
}
