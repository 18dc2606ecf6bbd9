package dev.cochlea.kernels;

/** Element-wise reference kernels: one output element from the matching input elements. */
final class ReferenceElementwise {
    private ReferenceElementwise() {}

    static void fill(float[] out, int n, float value) {
        for (int i = 0; i < n; i++) {
            out[i] = value;
        }
    }

    static void unary(UnaryOp op, float[] x, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = op.apply(x[i]);
        }
    }

    static void affine(float[] x, float[] out, int n, float scale, float shift) {
        for (int i = 0; i < n; i++) {
            out[i] = x[i] * scale + shift;
        }
    }

    static void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    /** Walks the output in row-major order with an odometer over its index; each operand offset is idx . strides. */
    static void binary(BinaryOp op, float[] a, float[] b, float[] out, Broadcast shape) {
        int[] dims = shape.outShape();
        int rank = dims.length;
        int[] idx = new int[rank];
        long total = shape.outSize();
        for (int flat = 0; flat < total; flat++) {
            int offA = 0;
            int offB = 0;
            for (int axis = 0; axis < rank; axis++) {
                offA += idx[axis] * shape.aStrides()[axis];
                offB += idx[axis] * shape.bStrides()[axis];
            }
            out[flat] = op.apply(a[offA], b[offB]);
            increment(idx, dims);
        }
    }

    static void reluBackward(float[] x, float[] gradOut, float[] gradIn, int n) {
        for (int i = 0; i < n; i++) {
            gradIn[i] = x[i] > 0f ? gradOut[i] : 0f;
        }
    }

    /** Inverted dropout: kept elements are scaled by 1 / (1 - p) so the expectation is unchanged. */
    static void dropout(float[] x, float[] mask, float[] out, int n, float p, long seed) {
        float keptScale = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            mask[i] = CounterRng.uniform(seed, i) >= p ? keptScale : 0f;
            out[i] = x[i] * mask[i];
        }
    }

    /** Advances a row-major multi-index by one (the last axis fastest). */
    static void increment(int[] idx, int[] dims) {
        for (int axis = dims.length - 1; axis >= 0; axis--) {
            if (++idx[axis] < dims[axis]) {
                return;
            }
            idx[axis] = 0;
        }
    }
}
