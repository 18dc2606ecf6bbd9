package dev.cochlea.cpu;

import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.Broadcast;
import dev.cochlea.kernels.CounterRng;
import dev.cochlea.kernels.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise kernels: one vector loop over loopBound plus a scalar tail each, split across threads when large. */
final class Elementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    /** Elements per parallel chunk: large enough that waking a thread pays off. */
    private static final int CHUNK = 1 << 16;

    private Elementwise() {}

    static void fill(Parallel par, float[] out, int n, float value) {
        par.forRange(n, CHUNK, n, (from, to) -> java.util.Arrays.fill(out, from, to, value));
    }

    static void unary(Parallel par, UnaryOp op, float[] x, float[] out, int n) {
        par.forRange(n, CHUNK, 4.0 * n, (from, to) -> {
            int i = from;
            for (int bound = from + S.loopBound(to - from); i < bound; i += V) {
                apply(op, FloatVector.fromArray(S, x, i)).intoArray(out, i);
            }
            for (; i < to; i++) {
                out[i] = op.apply(x[i]);
            }
        });
    }

    private static FloatVector apply(UnaryOp op, FloatVector v) {
        switch (op) {
            case NEG:
                return v.neg();
            case EXP:
                return v.lanewise(VectorOperators.EXP);
            case LOG:
                return v.lanewise(VectorOperators.LOG);
            case SQRT:
                return v.sqrt();
            case SQUARE:
                return v.mul(v);
            case ABS:
                return v.abs();
            case RELU:
                return positivePart(v);
            case TANH:
                return v.lanewise(VectorOperators.TANH);
            case SIGMOID:
                return v.broadcast(1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            case RECIPROCAL:
                return v.broadcast(1f).div(v);
            default:
                throw new AssertionError(op);
        }
    }

    /** x > 0 ? x : 0, so NaN maps to 0 as the scalar definition does. */
    static FloatVector positivePart(FloatVector v) {
        return v.broadcast(0f).blend(v, v.compare(VectorOperators.GT, 0f));
    }

    static void affine(Parallel par, float[] x, float[] out, int n, float scale, float shift) {
        par.forRange(n, CHUNK, n, (from, to) -> {
            int i = from;
            for (int bound = from + S.loopBound(to - from); i < bound; i += V) {
                FloatVector.fromArray(S, x, i).fma(scale, shift).intoArray(out, i);
            }
            for (; i < to; i++) {
                out[i] = x[i] * scale + shift;
            }
        });
    }

    static void axpy(Parallel par, float alpha, float[] x, float[] y, int n) {
        par.forRange(n, CHUNK, n, (from, to) -> axpy(alpha, x, from, y, from, to - from));
    }

    /** y[yOff + i] += alpha * x[xOff + i] for i < n. */
    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, x, xOff + i)
                    .fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    static void axpy(float alpha, float[] x, float[] y, int n) {
        axpy(alpha, x, 0, y, 0, n);
    }

    /** a[off + i] *= factor for i < n. */
    static void scale(float[] a, int off, int n, float factor) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, off + i).mul(factor).intoArray(a, off + i);
        }
        for (; i < n; i++) {
            a[off + i] *= factor;
        }
    }

    /** a[off + i] += value for i < n. */
    static void addScalar(float[] a, int off, int n, float value) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += V) {
            FloatVector.fromArray(S, a, off + i).add(value).intoArray(a, off + i);
        }
        for (; i < n; i++) {
            a[off + i] += value;
        }
    }

    /**
     * Elements a float vector lane adds up before its partial sum moves to double: long float sums lose about
     * sqrt(n) ulps, and batch statistics over a million elements must match PyTorch's double accumulation to ~1e-7.
     */
    static final int BLOCK = 32 * V;

    /**
     * The lanes of {@code v} added in lane order. {@code reduceLanes(ADD)} promises no order, and JDK 25's JIT adds in
     * another order than the same code before it is compiled, so the first steps of a run (interpreted) came out a few
     * ulps away from the same steps later in the JVM; a fixed order keeps runs bit-for-bit repeatable on every JDK.
     */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) {
            s += v.lane(i);
        }
        return s;
    }

    /** The sum of a[off .. off + n): blocks of {@link #BLOCK} in float vector lanes, blocks combined in double. */
    static double sum(float[] a, int off, int n) {
        double s = 0;
        int bound = S.loopBound(n);
        for (int start = 0; start < bound; start += BLOCK) {
            FloatVector acc = FloatVector.zero(S);
            for (int i = start, end = Math.min(bound, start + BLOCK); i < end; i += V) {
                acc = acc.add(FloatVector.fromArray(S, a, off + i));
            }
            s += sumLanes(acc);
        }
        for (int i = bound; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    static void binary(Parallel par, BinaryOp op, float[] a, float[] b, float[] out, Broadcast shape) {
        int n = Math.toIntExact(shape.outSize());
        if (shape.isElementwise()) {
            par.forRange(n, CHUNK, n, (from, to) -> row(op, a, from, 1, b, from, 1, out, from, to - from));
            return;
        }
        int[] dims = shape.outShape();
        int rank = dims.length;
        int last = rank == 0 ? 1 : dims[rank - 1];
        int rows = last == 0 ? 0 : n / last;
        int sa = rank == 0 ? 0 : shape.aStrides()[rank - 1];
        int sb = rank == 0 ? 0 : shape.bStrides()[rank - 1];
        par.forRange(rows, Math.max(1, CHUNK / Math.max(1, last)), n, (from, to) -> {
            for (int r = from; r < to; r++) {
                int offA = 0;
                int offB = 0;
                int rest = r;
                for (int axis = rank - 2; axis >= 0; axis--) {
                    int i = rest % dims[axis];
                    rest /= dims[axis];
                    offA += i * shape.aStrides()[axis];
                    offB += i * shape.bStrides()[axis];
                }
                row(op, a, offA, sa, b, offB, sb, out, r * last, last);
            }
        });
    }

    /** out[o + i] = op(a[oa + i * sa], b[ob + i * sb]), vectorised when each stride is 0 (broadcast) or 1. */
    private static void row(
            BinaryOp op, float[] a, int oa, int sa, float[] b, int ob, int sb, float[] out, int o, int n) {
        int i = 0;
        if ((sa == 0 || sa == 1) && (sb == 0 || sb == 1)) {
            FloatVector fixedA = FloatVector.broadcast(S, a[oa]);
            FloatVector fixedB = FloatVector.broadcast(S, b[ob]);
            for (int bound = S.loopBound(n); i < bound; i += V) {
                FloatVector va = sa == 0 ? fixedA : FloatVector.fromArray(S, a, oa + i);
                FloatVector vb = sb == 0 ? fixedB : FloatVector.fromArray(S, b, ob + i);
                apply(op, va, vb).intoArray(out, o + i);
            }
        }
        for (; i < n; i++) {
            out[o + i] = op.apply(a[oa + i * sa], b[ob + i * sb]);
        }
    }

    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        switch (op) {
            case ADD:
                return a.add(b);
            case SUB:
                return a.sub(b);
            case MUL:
                return a.mul(b);
            case DIV:
                return a.div(b);
            case MAX:
                return a.max(b);
            case MIN:
                return a.min(b);
            default:
                throw new AssertionError(op);
        }
    }

    static void reluBackward(Parallel par, float[] x, float[] gradOut, float[] gradIn, int n) {
        par.forRange(n, CHUNK, n, (from, to) -> {
            int i = from;
            for (int bound = from + S.loopBound(to - from); i < bound; i += V) {
                FloatVector g = FloatVector.fromArray(S, gradOut, i);
                g.broadcast(0f)
                        .blend(g, FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f))
                        .intoArray(gradIn, i);
            }
            for (; i < to; i++) {
                gradIn[i] = x[i] > 0f ? gradOut[i] : 0f;
            }
        });
    }

    /** The mask comes from a counter-based generator (64-bit integer mixing), so it stays scalar; the scaling does not. */
    static void dropout(Parallel par, float[] x, float[] mask, float[] out, int n, float p, long seed) {
        float keptScale = 1f / (1f - p);
        par.forRange(n, CHUNK, 8.0 * n, (from, to) -> {
            for (int i = from; i < to; i++) {
                mask[i] = CounterRng.uniform(seed, i) >= p ? keptScale : 0f;
            }
            int i = from;
            for (int bound = from + S.loopBound(to - from); i < bound; i += V) {
                FloatVector.fromArray(S, x, i)
                        .mul(FloatVector.fromArray(S, mask, i))
                        .intoArray(out, i);
            }
            for (; i < to; i++) {
                out[i] = x[i] * mask[i];
            }
        });
    }
}
