package dev.cochlea.cpu;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.MaxPool1dParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inference conv block y = maxPool(relu(conv1d(x, w) + bias)) in one pass. Each task computes the convolution
 * for a strip of output positions and a block of output channels with the {@link Gemm} micro-kernel into a
 * worker-local tile small enough for L2, then adds the bias, clamps and pools the tile straight into y: the un-pooled
 * activations never reach memory. Tasks split samples and positions and, when those are too few to keep every
 * worker busy (batch 1, the short rows of late layers), output channels too. Stride 1 reads the input in place
 * through a row-offset table (an implicit im2col; with padding, from a zero-padded copy of the batch). Where the
 * pool's windows are disjoint and the layer widens the channels several-fold (the seed network's first layer), the
 * tile is computed phase by phase so that pooling needs no gathers ({@link #phasedForward}). Other strides run
 * {@link Conv#forward} first and then pool its output.
 *
 * @see dev.cochlea.kernels.Kernels#conv1dBlockForward
 */
final class ConvBlock {
    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int V = Gemm.V;
    private static final int MR = Gemm.MR;
    private static final int NR = Gemm.NR;
    private static final int KC = Gemm.KC;
    /**
     * Convolution positions per task: 16 strips of NR. Against 8 strips (as {@link Conv#forward} has), whole-plan
     * inference read 0.99-1.14x per pair at batch 32 (geometric means 1.03 with AVX2, 1.04 with AVX-512) and
     * 1.01-1.05x at batch 1 (`SeedAB`, both orders, Zen 5): fewer, longer tasks pay the per-task set-up less often, and the phase tiles (at most 4 x rows x 16 NR
     * floats) still fit in L2.
     */
    private static final int TASK_POSITIONS = 16 * NR;
    /** Each worker's convolution tile [channels of its block, positions of its strip]. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[0]);
    /** The calling thread's zero-padded copy of the batch (read by every worker during one call). */
    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

    private ConvBlock() {}

    /** The block, with the weights rearranged by {@link Conv#packWeights} ({@code ap}). */
    static void forward(Parallel par, ConvBlockParams p, float[] x, float[] ap, float[] bias, float[] y) {
        Conv1dParams c = p.conv();
        if (c.stride() != 1) {
            float[] conv = new float[Math.toIntExact(p.convOutSize())];
            Conv.forwardPacked(par, c, ap, x, bias, conv);
            finishRows(par, p, conv, y);
            return;
        }
        Pool pool = Pool.of(p);
        if (pool.disjoint() && (pool.stride == 1 || phasesPay(c, p.outLength()))) {
            phasedForward(par, p, pool, x, ap, bias, y);
            return;
        }
        int cout = c.outChannels();
        overBlocks(par, p, pool, x, 1, (in, blk) -> {
            int c0 = Math.max(0, blk.o0() * pool.stride - pool.padding);
            int c1 = Math.min(c.outLength(), (blk.o1() - 1) * pool.stride - pool.padding + pool.kernel);
            int width = c1 - c0;
            float[] tile = tile((blk.i1() - blk.i0()) * width);
            product(ap, c, in, in.rows[0], blk, c0, c1, tile, 0, width);
            for (int r = blk.i0(); r < blk.i1(); r++) {
                float b = bias == null ? 0f : bias[r];
                finishRow(
                        pool,
                        p.relu(),
                        tile,
                        (r - blk.i0()) * width,
                        c0,
                        c.outLength(),
                        b,
                        blk.o0(),
                        blk.o1(),
                        y,
                        (blk.sample() * cout + r) * p.outLength());
            }
        });
    }

    /** What one task of {@link #overBlocks} computes, given the prepared input. */
    private interface BlockTask {
        void run(PhasedInput in, TaskGrid.Block block);
    }

    /**
     * Splits the input into {@code phases} phases (with a row-offset table for each of the pool's first kernel
     * phases) and runs the task of every (sample, block of windows, block of channels).
     */
    private static void overBlocks(Parallel par, ConvBlockParams p, Pool pool, float[] x, int phases, BlockTask task) {
        Conv1dParams c = p.conv();
        PhasedInput in = PhasedInput.of(par, c, x, phases, phases == 1 ? 1 : pool.kernel);
        TaskGrid grid = TaskGrid.of(par, c, p.outLength(), TASK_POSITIONS / pool.stride);
        par.forEach(grid.count(), c.flops(), (wk, t) -> {
            TaskGrid.Block block = grid.block(t);
            if (block != null) {
                task.run(in, block);
            }
        });
    }

    /**
     * Windows that neither overlap nor reach into padding (kernel at most the stride s; no pool at all is s = 1):
     * window o's j-th position is s * o + j, so the convolution is computed phase by phase, for positions j, s + j,
     * 2s + j, ... into a tile of its own. Those positions read the input at stride s, so the input is first split into
     * its s phases (each phase row contiguous) and the register tile reads every phase in place through its own
     * row-offset table. The pool is then a lane-wise maximum of the phase tiles, with no gathers; each convolution
     * output is summed exactly as in a position-ordered tile, so the block's result keeps its bits.
     */
    private static void phasedForward(
            Parallel par, ConvBlockParams p, Pool pool, float[] x, float[] ap, float[] bias, float[] y) {
        Conv1dParams c = p.conv();
        int cout = c.outChannels();
        overBlocks(par, p, pool, x, pool.stride, (in, blk) -> {
            int width = blk.o1() - blk.o0();
            int phaseSize = (blk.i1() - blk.i0()) * width;
            float[] tile = tile(pool.kernel * phaseSize);
            for (int j = 0; j < pool.kernel; j++) {
                product(ap, c, in, in.rows[j], blk, blk.o0(), blk.o1(), tile, j * phaseSize, width);
            }
            for (int r = blk.i0(); r < blk.i1(); r++) {
                float b = bias == null ? 0f : bias[r];
                maxOverPhases(
                        tile,
                        (r - blk.i0()) * width,
                        phaseSize,
                        pool.kernel,
                        width,
                        b,
                        p.relu(),
                        y,
                        (blk.sample() * cout + r) * p.outLength() + blk.o0());
            }
        });
    }

    /**
     * Splitting the input into phases costs a pass over the input (cin rows) and saves the gathers over the
     * convolution's output (cout rows): it pays where the output has several times the input's rows (measured on the
     * seed network: its first layer, 1 to 32 channels, gains 20% at 512 bits; 32 to 64 and 64 to 64 lose). Windows
     * fewer than a register strip would leave most of each phase's strip empty.
     */
    private static boolean phasesPay(Conv1dParams c, int windows) {
        return c.outChannels() >= 8 * c.inChannels() && windows >= NR;
    }

    /** y[yOff + o] = relu(max over the phases j of tile[rowOff + j * phaseSize + o] + b) for o in [0, width). */
    private static void maxOverPhases(
            float[] tile,
            int rowOff,
            int phaseSize,
            int phases,
            int width,
            float b,
            boolean relu,
            float[] y,
            int yOff) {
        int o = 0;
        for (int bound = S.loopBound(width); o < bound; o += V) {
            FloatVector best = FloatVector.fromArray(S, tile, rowOff + o);
            for (int j = 1; j < phases; j++) {
                best = best.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, tile, rowOff + j * phaseSize + o));
            }
            FloatVector z = best.add(b);
            (relu ? Elementwise.positivePart(z) : z).intoArray(y, yOff + o);
        }
        for (; o < width; o++) {
            float best = tile[rowOff + o];
            for (int j = 1; j < phases; j++) {
                best = Math.max(best, tile[rowOff + j * phaseSize + o]);
            }
            float z = best + b;
            y[yOff + o] = relu ? (z > 0f ? z : 0f) : z;
        }
    }

    /**
     * The tasks of one call: (sample, block of windows, block of output channels). Channels are split only when
     * samples and windows are too few to keep every worker busy (batch 1, the short rows of late layers).
     */
    private record TaskGrid(
            int positionBlocks,
            int channelBlocks,
            int channelsPerBlock,
            int perTask,
            int batch,
            int windows,
            int cout) {
        /** perTask windows per task (at least one). */
        static TaskGrid of(Parallel par, Conv1dParams c, int windows, int perTask) {
            int per = Math.max(1, perTask);
            int positionBlocks = (windows + per - 1) / per;
            int channelBlocks = 1;
            while (c.batch() * positionBlocks * channelBlocks < 2 * par.threads()
                    && channelBlocks * 2 * MR <= c.outChannels()) {
                channelBlocks *= 2;
            }
            int channelsPerBlock = Gemm.roundUp((c.outChannels() + channelBlocks - 1) / channelBlocks, MR);
            return new TaskGrid(
                    positionBlocks, channelBlocks, channelsPerBlock, per, c.batch(), windows, c.outChannels());
        }

        int count() {
            return batch * positionBlocks * channelBlocks;
        }

        /** Task t's sample, windows [o0, o1) and output channels [i0, i1); null where the channels run out. */
        Block block(int t) {
            int o0 = (t / channelBlocks % positionBlocks) * perTask;
            int i0 = (t % channelBlocks) * channelsPerBlock;
            int i1 = Math.min(cout, i0 + channelsPerBlock);
            return i0 >= i1
                    ? null
                    : new Block(t / (positionBlocks * channelBlocks), o0, Math.min(windows, o0 + perTask), i0, i1);
        }

        record Block(int sample, int o0, int o1, int i0, int i1) {}
    }

    /**
     * The batch as the register tile reads it: each input row zero-padded on both sides and split into its {@code
     * phases} phases, phase q holding positions q, q + phases, q + 2 phases, ... of the padded row. One phase without
     * padding is the input itself; anything else is a copy in the calling thread's buffer (read by every worker during
     * one call), with NR floats of slack for edge strips.
     */
    private record PhasedInput(float[] src, int phases, int phaseLength, int sampleStride, int[][] rows) {
        /** With the row-offset tables of phases 0 .. tables - 1 (see {@link #table}). */
        static PhasedInput of(Parallel par, Conv1dParams c, float[] x, int phases, int tables) {
            int rowLength = c.inLength() + 2 * c.padding();
            int phaseLength = (rowLength + phases - 1) / phases;
            int rowStride = phases * phaseLength;
            int sampleStride = c.inChannels() * rowStride;
            if (phases == 1 && c.padding() == 0) {
                return new PhasedInput(x, 1, rowLength, sampleStride, tables(c, 1, rowLength, tables));
            }
            int rowCount = c.batch() * c.inChannels();
            float[] dst = padded(rowCount * rowStride + NR);
            int pad = c.padding();
            int len = c.inLength();
            par.forRange(rowCount, 1, (double) rowCount * rowStride, (from, to) -> {
                for (int r = from; r < to; r++) {
                    int out = r * rowStride;
                    if (phases == 1) {
                        java.util.Arrays.fill(dst, out, out + pad, 0f);
                        System.arraycopy(x, r * len, dst, out + pad, len);
                        java.util.Arrays.fill(dst, out + pad + len, out + rowStride, 0f);
                        continue;
                    }
                    java.util.Arrays.fill(dst, out, out + rowStride, 0f);
                    // x[t] is the padded row's position t + pad: phase (t + pad) % phases, index (t + pad) / phases
                    int q = pad % phases;
                    int m = pad / phases;
                    for (int t = 0; t < len; t++) {
                        dst[out + q * phaseLength + m] = x[r * len + t];
                        if (++q == phases) {
                            q = 0;
                            m++;
                        }
                    }
                }
            });
            return new PhasedInput(dst, phases, phaseLength, sampleStride, tables(c, phases, phaseLength, tables));
        }

        private static int[][] tables(Conv1dParams c, int phases, int phaseLength, int count) {
            int[][] rows = new int[count][];
            for (int phase = 0; phase < count; phase++) {
                rows[phase] = table(c, phases, phaseLength, phase);
            }
            return rows;
        }

        /**
         * The row-offset table of convolution positions phase, phase + phases, ...: row (ci, kk) of the implicit
         * im2col, for the column of window o, starts at src[sample base + table[ci * kernel + kk] + o].
         */
        private static int[] table(Conv1dParams c, int phases, int phaseLength, int phase) {
            int k = c.kernelSize();
            int[] rows = new int[c.inChannels() * k];
            for (int ci = 0; ci < c.inChannels(); ci++) {
                for (int kk = 0; kk < k; kk++) {
                    int q = phase + kk * c.dilation();
                    rows[ci * k + kk] = ci * phases * phaseLength + (q % phases) * phaseLength + q / phases;
                }
            }
            return rows;
        }
    }

    private static float[] padded(int size) {
        float[] xp = PADDED.get();
        if (xp.length < size) {
            xp = new float[size];
            PADDED.set(xp);
        }
        return xp;
    }

    private static float[] tile(int size) {
        float[] t = TILE.get();
        if (t.length < size) {
            t = new float[size];
            TILE.set(t);
        }
        return t;
    }

    /**
     * tile[tileOff + (i - i0) * width + (j - c0)] = (W * B)[i, j] for the block's channels [i0, i1) and columns [c0, c1),
     * where row p of B starts at in.src[sample base + rows[p]]. Edge strips narrower than NR are packed first, so
     * nothing reads past the input.
     */
    private static void product(
            float[] ap,
            Conv1dParams c,
            PhasedInput in,
            int[] rows,
            TaskGrid.Block blk,
            int c0,
            int c1,
            float[] tile,
            int tileOff,
            int width) {
        int ktot = c.inChannels() * c.kernelSize();
        int mp = Gemm.roundUp(c.outChannels(), MR);
        float[] src = in.src;
        int base = blk.sample() * in.sampleStride;
        int i0 = blk.i0();
        int i1 = blk.i1();
        for (int p0 = 0; p0 < ktot; p0 += KC) {
            int kc = Math.min(KC, ktot - p0);
            for (int j = c0; j < c1; j += NR) {
                int nr = Math.min(NR, c1 - j);
                float[] b = src;
                int bBase = base + j;
                int[] bRows = rows;
                int rowFrom = p0;
                if (nr < NR) {
                    b = Gemm.packEdgeStrip(src, base + j, rows, p0, kc, nr);
                    bBase = 0;
                    bRows = Gemm.PACKED_ROWS;
                    rowFrom = 0;
                }
                for (int i = i0; i < i1; i += MR) {
                    Gemm.tile(
                            kc,
                            ap,
                            mp * p0 + i * kc,
                            b,
                            bBase,
                            bRows,
                            rowFrom,
                            tile,
                            tileOff + (i - i0) * width + (j - c0),
                            width,
                            Math.min(MR, i1 - i),
                            nr,
                            p0 > 0);
                }
            }
        }
    }

    /** Stride other than 1: y's rows from the convolution's full output (bias already added). */
    private static void finishRows(Parallel par, ConvBlockParams p, float[] conv, float[] y) {
        Pool pool = Pool.of(p);
        int rowCount = p.conv().batch() * p.conv().outChannels();
        int convLength = p.conv().outLength();
        int outLength = p.outLength();
        par.forRange(rowCount, 1, (double) rowCount * convLength, (from, to) -> {
            for (int r = from; r < to; r++) {
                finishRow(pool, p.relu(), conv, r * convLength, 0, convLength, 0f, 0, outLength, y, r * outLength);
            }
        });
    }

    /**
     * y[yOff + o] = relu(max over window o of row + b) for o in [o0, o1), where row[rowOff] holds the convolution at
     * position {@code first} and the row is {@code convLength} long (positions outside it are the pool's padding).
     * Windows that do not overlap (kernel at most the stride, no padding) are read V at a time: by four loads at stride
     * 4, by gathers otherwise.
     */
    private static void finishRow(
            Pool pool,
            boolean relu,
            float[] row,
            int rowOff,
            int first,
            int convLength,
            float b,
            int o0,
            int o1,
            float[] y,
            int yOff) {
        int o = o0;
        int s = pool.stride;
        if (pool.padding == 0 && pool.kernel <= s) {
            int[] map = pool.gatherMap;
            int bound = o0 + S.loopBound(o1 - o0);
            if (s == 4) {
                // Four contiguous loads instead of gathers (see StrideFourWindows), while they stay inside the array.
                for (; o < bound && rowOff + (o + V) * 4 - first <= row.length; o += V) {
                    int start = rowOff + o * 4 - first;
                    FloatVector v0 = FloatVector.fromArray(S, row, start);
                    FloatVector v1 = FloatVector.fromArray(S, row, start + V);
                    FloatVector v2 = FloatVector.fromArray(S, row, start + 2 * V);
                    FloatVector v3 = FloatVector.fromArray(S, row, start + 3 * V);
                    FloatVector best = v0.rearrange(StrideFourWindows.E0)
                            .blend(v1.rearrange(StrideFourWindows.E0), StrideFourWindows.M1)
                            .blend(v2.rearrange(StrideFourWindows.E0), StrideFourWindows.M2)
                            .blend(v3.rearrange(StrideFourWindows.E0), StrideFourWindows.M3);
                    for (int j = 1; j < pool.kernel; j++) {
                        VectorShuffle<Float> at = StrideFourWindows.shuffle(j);
                        best = best.lanewise(
                                VectorOperators.MAX,
                                v0.rearrange(at)
                                        .blend(v1.rearrange(at), StrideFourWindows.M1)
                                        .blend(v2.rearrange(at), StrideFourWindows.M2)
                                        .blend(v3.rearrange(at), StrideFourWindows.M3));
                    }
                    FloatVector z = best.add(b);
                    (relu ? Elementwise.positivePart(z) : z).intoArray(y, yOff + o);
                }
            }
            for (; o < bound; o += V) {
                int start = rowOff + o * s - first;
                FloatVector best =
                        s == 1 ? FloatVector.fromArray(S, row, start) : FloatVector.fromArray(S, row, start, map, 0);
                for (int j = 1; j < pool.kernel; j++) {
                    best = best.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, row, start + j, map, 0));
                }
                FloatVector z = best.add(b);
                (relu ? Elementwise.positivePart(z) : z).intoArray(y, yOff + o);
            }
        }
        for (; o < o1; o++) {
            int from = Math.max(0, o * s - pool.padding);
            int to = Math.min(convLength, o * s - pool.padding + pool.kernel);
            float best = row[rowOff + from - first];
            for (int t = from + 1; t < to; t++) {
                float v = row[rowOff + t - first];
                if (v > best || Float.isNaN(v)) {
                    best = v;
                }
            }
            float z = best + b;
            y[yOff + o] = relu ? (z > 0f ? z : 0f) : z;
        }
    }

    /** The pool's window, or a window of one position when the block has no pool. */
    private static final class Pool {
        final int kernel;
        final int stride;
        final int padding;
        /** lane * stride: the offsets of V windows' first elements. */
        final int[] gatherMap = new int[V];

        private Pool(int kernel, int stride, int padding) {
            this.kernel = kernel;
            this.stride = stride;
            this.padding = padding;
            for (int i = 0; i < V; i++) {
                gatherMap[i] = i * stride;
            }
        }

        /** Windows that neither overlap nor reach into padding: each reads one position of each of stride phases. */
        boolean disjoint() {
            return padding == 0 && kernel <= stride;
        }

        static Pool of(ConvBlockParams p) {
            MaxPool1dParams mp = p.pool();
            return mp == null ? new Pool(1, 1, 0) : new Pool(mp.kernelSize(), mp.stride(), mp.padding());
        }
    }
}
