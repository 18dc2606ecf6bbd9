package dev.cochlea.cpu;

import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.MaxPool1dParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling, alone or fused behind batch norm and ReLU. The fused forward never materialises z = x * scale + shift:
 * since that map is monotone in x, the window's winner is the largest x (smallest when scale < 0; the first when
 * scale is 0), and only the winner is transformed. Non-overlapping windows without padding (the usual
 * kernel == stride) read V windows' j-th elements into one vector (see {@link StrideFourWindows}); other shapes take
 * a scalar loop.
 */
final class MaxPool {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    private static final int V = S.length();

    private MaxPool() {}

    static void forward(Parallel par, MaxPool1dParams p, float[] x, float[] y, int[] indices) {
        pool(par, p, x, null, false, y, indices);
    }

    /**
     * pooled/indices over every row; row (n, c) is transformed by affine.scale[c], affine.shift[c] (identity when
     * affine is null) and clamped at 0 when relu.
     */
    static void pool(
            Parallel par,
            MaxPool1dParams p,
            float[] x,
            BatchNorm.Affine affine,
            boolean relu,
            float[] y,
            int[] indices) {
        int rows = p.batch() * p.channels();
        int[] gatherMap = gatherMap(p);
        par.forRange(rows, 1, (double) rows * p.inLength(), (from, to) -> {
            for (int r = from; r < to; r++) {
                int out = r * p.outLength();
                int c = r % p.channels();
                float scale = affine == null ? 1f : affine.scale[c];
                selectRow(p, x, r * p.inLength(), signOf(scale), y, indices, out, gatherMap);
                if (affine != null || relu) {
                    transformRow(y, out, p.outLength(), scale, affine == null ? 0f : affine.shift[c], relu);
                }
            }
        });
    }

    /** lane * stride: the offsets of V disjoint windows' first elements. */
    private static int[] gatherMap(MaxPool1dParams p) {
        int[] gatherMap = new int[V];
        for (int i = 0; i < V; i++) {
            gatherMap[i] = i * p.stride();
        }
        return gatherMap;
    }

    /** The sign the windows are compared under: the winner of x * scale + shift is the winner of x * sign(scale). */
    private static float signOf(float scale) {
        return scale > 0f ? 1f : scale < 0f ? -1f : 0f;
    }

    private static boolean disjointWindows(MaxPool1dParams p) {
        return p.padding() == 0 && p.kernelSize() <= p.stride();
    }

    /**
     * Each window's winner under x * sign: y gets its value and indices its position. The value is the one the
     * affine map is later applied to, so that {@link #transformRow} gives the bits of a one-pass transform: best *
     * sign for windows gathered V at a time (0 or NaN where sign is 0), the winning x itself in the scalar tail.
     */
    private static void selectRow(
            MaxPool1dParams p, float[] x, int in, float sign, float[] y, int[] indices, int out, int[] gatherMap) {
        int lout = p.outLength();
        int k = p.kernelSize();
        int s = p.stride();
        int o = 0;
        if (disjointWindows(p)) {
            // The gather map holds lane * stride: a plain load (zero().addIndex() allocates on JDK 17).
            IntVector positions = IntVector.fromArray(IS, gatherMap, 0);
            int bound = S.loopBound(lout);
            // Stride 4: four loads read the V windows' 4V elements (see StrideFourWindows), while they stay inside the
            // row; other strides, and the row's end, gather.
            int loaded = s == 4 ? Math.min(bound, p.inLength() / 4 / V * V) : 0;
            for (; o < loaded; o += V) {
                int start = in + o * 4;
                FloatVector v0 = FloatVector.fromArray(S, x, start);
                FloatVector v1 = FloatVector.fromArray(S, x, start + V);
                FloatVector v2 = FloatVector.fromArray(S, x, start + 2 * V);
                FloatVector v3 = FloatVector.fromArray(S, x, start + 3 * V);
                FloatVector best = v0.rearrange(StrideFourWindows.E0)
                        .blend(v1.rearrange(StrideFourWindows.E0), StrideFourWindows.M1)
                        .blend(v2.rearrange(StrideFourWindows.E0), StrideFourWindows.M2)
                        .blend(v3.rearrange(StrideFourWindows.E0), StrideFourWindows.M3)
                        .mul(sign);
                IntVector offset = IntVector.zero(IS);
                for (int j = 1; j < k; j++) {
                    VectorShuffle<Float> at = StrideFourWindows.shuffle(j);
                    FloatVector v = v0.rearrange(at)
                            .blend(v1.rearrange(at), StrideFourWindows.M1)
                            .blend(v2.rearrange(at), StrideFourWindows.M2)
                            .blend(v3.rearrange(at), StrideFourWindows.M3)
                            .mul(sign);
                    VectorMask<Float> wins = beats(v, best);
                    best = best.blend(v, wins);
                    offset = offset.blend(j, wins.cast(IS));
                }
                best.mul(sign).intoArray(y, out + o);
                positions.add(o * s).add(offset).intoArray(indices, out + o);
            }
            for (; o < bound; o += V) {
                int start = in + o * s;
                FloatVector best =
                        FloatVector.fromArray(S, x, start, gatherMap, 0).mul(sign);
                IntVector offset = IntVector.zero(IS);
                for (int j = 1; j < k; j++) {
                    FloatVector v =
                            FloatVector.fromArray(S, x, start + j, gatherMap, 0).mul(sign);
                    VectorMask<Float> wins = beats(v, best);
                    best = best.blend(v, wins);
                    offset = offset.blend(j, wins.cast(IS));
                }
                best.mul(sign).intoArray(y, out + o);
                positions.add(o * s).add(offset).intoArray(indices, out + o);
            }
        }
        for (; o < lout; o++) {
            int best = -1;
            float bestValue = 0f;
            for (int j = 0; j < k; j++) {
                int t = o * s - p.padding() + j;
                if (t >= 0 && t < p.inLength()) {
                    float v = x[in + t] * sign;
                    if (best < 0 || v > bestValue || (Float.isNaN(v) && !Float.isNaN(bestValue))) {
                        best = t;
                        bestValue = v;
                    }
                }
            }
            y[out + o] = x[in + best];
            indices[out + o] = best;
        }
    }

    /** y[out, out + lout) = relu(y * scale + shift), rounded as {@link #selectRow} left each window (see there). */
    private static void transformRow(float[] y, int out, int lout, float scale, float shift, boolean relu) {
        int o = 0;
        for (int bound = S.loopBound(lout); o < bound; o += V) {
            FloatVector z = FloatVector.fromArray(S, y, out + o).fma(scale, shift);
            (relu ? Elementwise.positivePart(z) : z).intoArray(y, out + o);
        }
        for (; o < lout; o++) {
            float z = y[out + o] * scale + shift;
            y[out + o] = relu ? (z > 0f ? z : 0f) : z;
        }
    }

    /** v wins against the current best when strictly larger, or NaN against a number (NaN propagates). */
    private static VectorMask<Float> beats(FloatVector v, FloatVector best) {
        return v.compare(VectorOperators.GT, best)
                .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
    }

    /** gradX = 0, then each gradY element adds into the position its window's maximum came from. */
    static void backward(Parallel par, MaxPool1dParams p, float[] gy, int[] indices, float[] gx) {
        int rows = p.batch() * p.channels();
        int len = p.inLength();
        int lout = p.outLength();
        par.forRange(rows, 1, (double) rows * len, (from, to) -> {
            java.util.Arrays.fill(gx, from * len, to * len, 0f);
            for (int r = from; r < to; r++) {
                for (int o = 0; o < lout; o++) {
                    gx[r * len + indices[r * lout + o]] += gy[r * lout + o];
                }
            }
        });
    }

    // ---- fused BatchNorm -> ReLU -> MaxPool ---------------------------------------------------------------------

    /**
     * In training, with disjoint windows, each window's winner is chosen while the statistics pass has its row in
     * cache: the winner of x * scale + shift is the winner of x * sign(gamma), since the inverse standard deviation is
     * positive. Once the channel's statistics are known its pooled rows are transformed in place. (A channel whose
     * scale rounds to another sign than gamma's, only possible when gamma * invStd underflows, is chosen again.) This
     * saves a second gathering pass over x from memory; the results keep their bits.
     */
    static void fusedForward(
            Parallel par,
            BatchNormParams bn,
            MaxPool1dParams pool,
            boolean training,
            float[] x,
            BatchNormBuffers<float[]> b,
            float[] pooled,
            int[] indices) {
        if (!training || !disjointWindows(pool)) {
            BatchNorm.Affine affine =
                    training ? BatchNorm.trainingAffine(par, bn, x, b) : BatchNorm.inferenceAffine(bn, b);
            pool(par, pool, x, affine, true, pooled, indices);
            return;
        }
        int[] gatherMap = gatherMap(pool);
        float[] gamma = b.gamma();
        int lout = pool.outLength();
        BatchNorm.trainingAffine(par, bn, x, b, new BatchNorm.ChannelPass() {
            @Override
            public void row(int c, int n, int in) {
                float sign = gamma == null ? 1f : signOf(gamma[c]);
                selectRow(pool, x, in, sign, pooled, indices, (n * bn.channels() + c) * lout, gatherMap);
            }

            @Override
            public void done(int c, float scale, float shift) {
                boolean chosenRight = signOf(scale) == (gamma == null ? 1f : signOf(gamma[c]));
                for (int n = 0; n < bn.batch(); n++) {
                    int out = (n * bn.channels() + c) * lout;
                    if (!chosenRight) {
                        selectRow(pool, x, BatchNorm.row(bn, n, c), signOf(scale), pooled, indices, out, gatherMap);
                    }
                    transformRow(pooled, out, lout, scale, shift, true);
                }
            }
        });
    }

    /**
     * gradZ is gradPooled at the winning positions of windows whose output passed the ReLU (pooled > 0). One sparse
     * read of x at those positions gives the batch-norm sums; then gradX = b (x - mean) + shift everywhere, plus
     * a * gradPooled at the winners (see {@link BatchNorm#backward} for a, b, shift).
     */
    static void fusedBackward(
            Parallel par,
            BatchNormParams bn,
            MaxPool1dParams pool,
            float[] x,
            BatchNormBuffers<float[]> saved,
            float[] pooled,
            int[] indices,
            float[] gradPooled,
            BatchNormGrads<float[]> grads) {
        float[] gamma = saved.gamma();
        float[] mean = saved.saveMean();
        float[] invStd = saved.saveInvStd();
        float[] gx = grads.gradX();
        int len = bn.length();
        int lout = pool.outLength();
        double count = bn.count();
        Expansion expand = Expansion.of(pool);
        int expanded = expand == null ? 0 : expand.elements(len, lout);
        par.forEach(bn.channels(), count * bn.channels() * 2, (w, c) -> {
            if (count <= BatchNorm.FEW) {
                for (int n = 0; n < bn.batch(); n++) {
                    int row = BatchNorm.row(bn, n, c);
                    int out = (n * bn.channels() + c) * lout;
                    java.util.Arrays.fill(gx, row, row + len, 0f);
                    for (int o = 0; o < lout; o++) {
                        if (pooled[out + o] > 0f) {
                            gx[row + indices[out + o]] += gradPooled[out + o];
                        }
                    }
                }
                BatchNorm.preciseChannel(bn, c, x, gx, saved, grads);
                return;
            }
            float m = mean[c];
            double sumG = 0;
            double sumGX = 0;
            for (int n = 0; n < bn.batch(); n++) {
                int row = BatchNorm.row(bn, n, c);
                int out = (n * bn.channels() + c) * lout;
                for (int o = 0; o < lout; o++) {
                    float g = passedRelu(pooled[out + o], gradPooled[out + o]);
                    sumG += g;
                    sumGX += g * (x[row + indices[out + o]] - m);
                }
            }
            BatchNorm.GradCoefficients k = BatchNorm.GradCoefficients.of(gamma, c, invStd[c], sumG, sumGX, count);
            float a = k.a();
            float b = k.b();
            float shift = k.shift();
            double sumGXhat = k.sumGXhat();
            for (int n = 0; n < bn.batch(); n++) {
                int row = BatchNorm.row(bn, n, c);
                int out = (n * bn.channels() + c) * lout;
                int i = withWinnersAdded(
                        expand, x, row, m, b, shift, a, pooled, indices, gradPooled, out, expanded, gx);
                for (int bound = S.loopBound(len); i < bound; i += V) {
                    FloatVector.fromArray(S, x, row + i).sub(m).fma(b, shift).intoArray(gx, row + i);
                }
                for (; i < len; i++) {
                    gx[row + i] = (x[row + i] - m) * b + shift;
                }
                for (int o = expanded / pool.stride(); o < lout; o++) {
                    gx[row + indices[out + o]] += passedRelu(pooled[out + o], a * gradPooled[out + o]);
                }
            }
            BatchNorm.writeParameterGrads(grads, c, sumGXhat, sumG);
        });
    }

    /**
     * For disjoint windows without padding whose stride s divides V: the shuffle that widens V/s windows' values to
     * their s elements each (lane l gets window l / s), as floats and as ints, and the lanes' positions 0 .. V-1 (a
     * plain load: {@code addIndex} allocates on JDK 17). Null for other shapes.
     */
    private record Expansion(int stride, VectorShuffle<Float> floats, VectorShuffle<Integer> ints, IntVector lanes) {
        static Expansion of(MaxPool1dParams p) {
            if (!disjointWindows(p) || V % p.stride() != 0) {
                return null;
            }
            int[] window = new int[V];
            int[] lane = new int[V];
            for (int l = 0; l < V; l++) {
                window[l] = l / p.stride();
                lane[l] = l;
            }
            return new Expansion(
                    p.stride(),
                    VectorShuffle.fromArray(S, window, 0),
                    VectorShuffle.fromArray(IS, window, 0),
                    IntVector.fromArray(IS, lane, 0));
        }

        /**
         * Elements of a row that {@link #withWinnersAdded} covers: whole vectors, as long as the V windows' values
         * that each vector's loads read stay inside the row's windows.
         */
        int elements(int len, int lout) {
            if (lout < V) {
                return 0;
            }
            return Math.min(len / V, (lout - V) / (V / stride) + 1) * V;
        }
    }

    /**
     * gx = (x - mean) * b + shift over the row's first {@code done} elements (see {@link Expansion#elements}), plus a *
     * gradPooled at each window's winner where the ReLU passed, a vector at a time: each vector of V elements covers
     * V / s whole windows, whose gradient, pooled value and winner are widened to their elements by one shuffle each
     * and added under the mask "this lane is its window's winner and pooled > 0". The same operations per element as
     * the affine loop followed by the scalar scatter (bit for bit), without a read-modify-write per window. Returns
     * {@code done}; windows from done / s on are left to the scatter.
     */
    private static int withWinnersAdded(
            Expansion expand,
            float[] x,
            int row,
            float mean,
            float b,
            float shift,
            float a,
            float[] pooled,
            int[] indices,
            float[] gradPooled,
            int out,
            int done,
            float[] gx) {
        for (int i = 0; i < done; i += V) {
            int o = out + i / expand.stride();
            FloatVector g = FloatVector.fromArray(S, gradPooled, o).rearrange(expand.floats());
            FloatVector p = FloatVector.fromArray(S, pooled, o).rearrange(expand.floats());
            IntVector winner = IntVector.fromArray(IS, indices, o).rearrange(expand.ints());
            VectorMask<Float> add = winner.compare(
                            VectorOperators.EQ, expand.lanes().add(i))
                    .cast(S)
                    .and(p.compare(VectorOperators.GT, 0f));
            FloatVector.fromArray(S, x, row + i)
                    .sub(mean)
                    .fma(b, shift)
                    .add(g.mul(a), add)
                    .intoArray(gx, row + i);
        }
        return done;
    }

    /**
     * {@code g} where the ReLU passed its window ({@code pooled > 0}), +0 elsewhere, without a branch: which windows
     * pass is a coin toss to the branch predictor, and the mispredictions cost the fused backward more than half its
     * time. Adding +0 where the branchy form skipped leaves the statistics' sums as they were (a sum that starts at +0
     * never becomes -0), and a gradient element only where it was -0 (it becomes +0); only a window whose x - mean
     * overflows (when the statistics are infinite anyway) could differ more.
     */
    private static float passedRelu(float pooled, float g) {
        int keep = pooled > 0f ? -1 : 0;
        return Float.intBitsToFloat(Float.floatToRawIntBits(g) & keep);
    }
}
