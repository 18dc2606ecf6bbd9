package dev.cochlea.cpu;

import dev.cochlea.kernels.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Reductions, reverse broadcasting, permutation and argmax. */
final class Layout {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();

    private Layout() {}

    /** x as [outer, reduced, inner]: rows reduce along their length when inner is 1, else whole rows combine. */
    static void reduce(Parallel par, ReduceOp op, float[] x, float[] out, int outer, int reduced, int inner) {
        double work = (double) outer * reduced * inner;
        if (inner == 1) {
            par.forRange(outer, 1, work, (from, to) -> {
                for (int o = from; o < to; o++) {
                    out[o] = op == ReduceOp.SUM
                            ? (float) Elementwise.sum(x, o * reduced, reduced)
                            : max(x, o * reduced, reduced);
                }
            });
            return;
        }
        par.forRange(outer, 1, work, (from, to) -> {
            for (int o = from; o < to; o++) {
                int dst = o * inner;
                System.arraycopy(x, o * reduced * inner, out, dst, inner);
                for (int r = 1; r < reduced; r++) {
                    int src = (o * reduced + r) * inner;
                    int i = 0;
                    for (int bound = S.loopBound(inner); i < bound; i += V) {
                        FloatVector acc = FloatVector.fromArray(S, out, dst + i);
                        FloatVector v = FloatVector.fromArray(S, x, src + i);
                        (op == ReduceOp.SUM ? acc.add(v) : acc.max(v)).intoArray(out, dst + i);
                    }
                    for (; i < inner; i++) {
                        out[dst + i] =
                                op == ReduceOp.SUM ? out[dst + i] + x[src + i] : Math.max(out[dst + i], x[src + i]);
                    }
                }
            }
        });
    }

    /** The largest of a[off .. off + n); NaN propagates as with Math.max. */
    static float max(float[] a, int off, int n) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            acc = acc.max(FloatVector.fromArray(S, a, off + i));
        }
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            m = Math.max(m, a[off + i]);
        }
        return m;
    }

    /** Zeroes out, then adds each last-axis row of x into the out row it broadcasts from (or into one element). */
    static void sumToShape(float[] x, int[] xShape, float[] out, int[] outShape) {
        int rank = xShape.length;
        int outSize = 1;
        for (int d : outShape) {
            outSize *= d;
        }
        java.util.Arrays.fill(out, 0, outSize, 0f);
        if (rank == 0) {
            out[0] = x[0];
            return;
        }
        int[] outStrides = new int[rank];
        int stride = 1;
        for (int axis = rank - 1; axis >= 0; axis--) {
            outStrides[axis] = outShape[axis] == 1 ? 0 : stride;
            stride *= outShape[axis];
        }
        int last = xShape[rank - 1];
        boolean keepLast = outShape[rank - 1] == last && last != 1;
        int rows = 1;
        for (int axis = 0; axis < rank - 1; axis++) {
            rows *= xShape[axis];
        }
        int[] idx = new int[rank];
        for (int r = 0; r < rows; r++) {
            int target = 0;
            for (int axis = 0; axis < rank - 1; axis++) {
                target += idx[axis] * outStrides[axis];
            }
            if (keepLast) {
                Elementwise.axpy(1f, x, r * last, out, target, last);
            } else {
                out[target] += (float) Elementwise.sum(x, r * last, last);
            }
            for (int axis = rank - 2; axis >= 0; axis--) {
                if (++idx[axis] < xShape[axis]) {
                    break;
                }
                idx[axis] = 0;
            }
        }
    }

    /** Walks out in order; each element gathers from x at the index its permuted axes name. */
    static void permute(float[] x, int[] xShape, int[] perm, float[] out) {
        int rank = xShape.length;
        int[] xStrides = new int[rank];
        int stride = 1;
        for (int axis = rank - 1; axis >= 0; axis--) {
            xStrides[axis] = stride;
            stride *= xShape[axis];
        }
        int total = stride;
        int[] outShape = new int[rank];
        int[] step = new int[rank];
        for (int j = 0; j < rank; j++) {
            outShape[j] = xShape[perm[j]];
            step[j] = xStrides[perm[j]];
        }
        int[] idx = new int[rank];
        int source = 0;
        for (int flat = 0; flat < total; flat++) {
            out[flat] = x[source];
            for (int axis = rank - 1; axis >= 0; axis--) {
                source += step[axis];
                if (++idx[axis] < outShape[axis]) {
                    break;
                }
                source -= step[axis] * outShape[axis];
                idx[axis] = 0;
            }
        }
    }

    /** The first index of the largest value per row; NaN beats any number. */
    static void argmax(float[] x, int[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                float v = x[r * cols + c];
                float b = x[r * cols + best];
                if (v > b || (Float.isNaN(v) && !Float.isNaN(b))) {
                    best = c;
                }
            }
            out[r] = best;
        }
    }
}
