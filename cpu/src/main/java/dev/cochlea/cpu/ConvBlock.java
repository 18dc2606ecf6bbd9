package dev.cochlea.cpu;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.MaxPool1dParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The inference conv block y = maxPool(relu(conv1d(x, w) + bias)) in one pass. Each task computes the convolution
 * for a strip of output positions and a block of output channels with the {@link Gemm} micro-kernel into a
 * worker-local tile small enough for L2, then adds the bias, clamps and pools the tile straight into y: the un-pooled
 * activations never reach memory. Tasks split samples and positions and, when those are too few to keep every
 * worker busy (batch 1, the short rows of late layers), output channels too. Stride 1 reads the input in place
 * through a row-offset table (an implicit im2col; with padding, from a zero-padded copy of the batch); other strides
 * run {@link Conv#forward} first and then pool its output.
 *
 * @see dev.cochlea.kernels.Kernels#conv1dBlockForward
 */
final class ConvBlock {
    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int V = Gemm.V;
    private static final int MR = Gemm.MR;
    private static final int NR = Gemm.NR;
    private static final int KC = Gemm.KC;
    /** Convolution positions per task, as in {@link Conv#forward}: 8 strips of NR. */
    private static final int TASK_POSITIONS = 8 * NR;
    /** Each worker's convolution tile [channels of its block, positions of its strip]. */
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[0]);
    /** The calling thread's zero-padded copy of the batch (read by every worker during one call). */
    private static final ThreadLocal<float[]> PADDED = ThreadLocal.withInitial(() -> new float[0]);

    private ConvBlock() {}

    static void forward(Parallel par, ConvBlockParams p, float[] x, float[] w, float[] bias, float[] y) {
        Conv1dParams c = p.conv();
        if (c.stride() != 1) {
            float[] conv = new float[Math.toIntExact(p.convOutSize())];
            Conv.forward(par, c, x, w, bias, conv);
            finishRows(par, p, conv, y);
            return;
        }
        int cin = c.inChannels();
        int cout = c.outChannels();
        int ktot = cin * c.kernelSize();
        int rowLength = c.inLength() + 2 * c.padding();
        float[] src = c.padding() == 0 ? x : padded(c, x, rowLength);
        int[] rows = new int[ktot];
        for (int ci = 0; ci < cin; ci++) {
            for (int kk = 0; kk < c.kernelSize(); kk++) {
                rows[ci * c.kernelSize() + kk] = ci * rowLength + kk * c.dilation();
            }
        }
        float[] ap = Conv.packWeights(w, cout, ktot, false);
        Pool pool = Pool.of(p);
        int outLength = p.outLength();
        int perTask = Math.max(1, TASK_POSITIONS / pool.stride);
        int positionBlocks = (outLength + perTask - 1) / perTask;
        int channelBlocks = 1;
        while (c.batch() * positionBlocks * channelBlocks < 2 * par.threads() && channelBlocks * 2 * MR <= cout) {
            channelBlocks *= 2;
        }
        int channelsPerBlock = Gemm.roundUp((cout + channelBlocks - 1) / channelBlocks, MR);
        int blocks = channelBlocks;
        int inStride = cin * rowLength;
        par.forEach(c.batch() * positionBlocks * blocks, c.flops(), (wk, t) -> {
            int n = t / (positionBlocks * blocks);
            int o0 = (t / blocks % positionBlocks) * perTask;
            int o1 = Math.min(outLength, o0 + perTask);
            int i0 = (t % blocks) * channelsPerBlock;
            int i1 = Math.min(cout, i0 + channelsPerBlock);
            if (i0 >= i1) {
                return;
            }
            int c0 = Math.max(0, o0 * pool.stride - pool.padding);
            int c1 = Math.min(c.outLength(), (o1 - 1) * pool.stride - pool.padding + pool.kernel);
            int width = c1 - c0;
            float[] tile = tile((i1 - i0) * width);
            product(ap, cout, ktot, src, n * inStride, rows, i0, i1, c0, c1, tile, width);
            for (int r = i0; r < i1; r++) {
                float b = bias == null ? 0f : bias[r];
                finishRow(
                        pool,
                        p.relu(),
                        tile,
                        (r - i0) * width,
                        c0,
                        c.outLength(),
                        b,
                        o0,
                        o1,
                        y,
                        (n * cout + r) * outLength);
            }
        });
    }

    /** The batch with each input row zero-padded on both sides, plus NR floats of slack for edge strips. */
    private static float[] padded(Conv1dParams c, float[] x, int rowLength) {
        int rowCount = c.batch() * c.inChannels();
        int size = rowCount * rowLength + NR;
        float[] xp = PADDED.get();
        if (xp.length < size) {
            xp = new float[size];
            PADDED.set(xp);
        }
        int pad = c.padding();
        int len = c.inLength();
        for (int r = 0; r < rowCount; r++) {
            java.util.Arrays.fill(xp, r * rowLength, r * rowLength + pad, 0f);
            System.arraycopy(x, r * len, xp, r * rowLength + pad, len);
            java.util.Arrays.fill(xp, r * rowLength + pad + len, (r + 1) * rowLength, 0f);
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
     * tile[(i - i0) * width + (j - c0)] = (W * B)[i, j] for channels [i0, i1) and positions [c0, c1), where row p of B
     * starts at src[base + rows[p]]. Edge strips narrower than NR are packed first, so nothing reads past the input.
     */
    private static void product(
            float[] ap,
            int m,
            int ktot,
            float[] src,
            int base,
            int[] rows,
            int i0,
            int i1,
            int c0,
            int c1,
            float[] tile,
            int width) {
        int mp = Gemm.roundUp(m, MR);
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
                            (i - i0) * width + (j - c0),
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
     * Windows that do not overlap (kernel at most the stride, no padding) are gathered V at a time.
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
            for (int bound = o0 + S.loopBound(o1 - o0); o < bound; o += V) {
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

        static Pool of(ConvBlockParams p) {
            MaxPool1dParams mp = p.pool();
            return mp == null ? new Pool(1, 1, 0) : new Pool(mp.kernelSize(), mp.stride(), mp.padding());
        }
    }
}
