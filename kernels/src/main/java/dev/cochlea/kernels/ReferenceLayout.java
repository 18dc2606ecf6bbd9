package dev.cochlea.kernels;

/** Reference reductions and layout changes. Sums accumulate in double. */
final class ReferenceLayout {
    private ReferenceLayout() {}

    /** x viewed as [outer, reduced, inner]; MAX propagates NaN (Math.max does), as PyTorch's amax does. */
    static void reduce(ReduceOp op, float[] x, float[] out, int outer, int reduced, int inner) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                if (op == ReduceOp.SUM) {
                    double sum = 0;
                    for (int r = 0; r < reduced; r++) {
                        sum += x[(o * reduced + r) * inner + i];
                    }
                    out[o * inner + i] = (float) sum;
                } else {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int r = 0; r < reduced; r++) {
                        max = Math.max(max, x[(o * reduced + r) * inner + i]);
                    }
                    out[o * inner + i] = max;
                }
            }
        }
    }

    /** Each x element adds into the out element whose index is x's index with broadcast (size-1) axes set to 0. */
    static void sumToShape(float[] x, int[] xShape, float[] out, int[] outShape) {
        int rank = xShape.length;
        int[] outStrides = Shapes.contiguousStrides(outShape);
        double[] sums = new double[product(outShape)];
        int[] idx = new int[rank];
        int total = product(xShape);
        for (int flat = 0; flat < total; flat++) {
            int target = 0;
            for (int axis = 0; axis < rank; axis++) {
                target += (outShape[axis] == 1 ? 0 : idx[axis]) * outStrides[axis];
            }
            sums[target] += x[flat];
            ReferenceElementwise.increment(idx, xShape);
        }
        for (int i = 0; i < sums.length; i++) {
            out[i] = (float) sums[i];
        }
    }

    /** out[j0, j1, ...] = x at the index whose axis perm[j] is j_j: walk out in order, gather from x. */
    static void permute(float[] x, int[] xShape, int[] perm, float[] out) {
        int rank = xShape.length;
        int[] xStrides = Shapes.contiguousStrides(xShape);
        int[] outShape = new int[rank];
        for (int j = 0; j < rank; j++) {
            outShape[j] = xShape[perm[j]];
        }
        int[] idx = new int[rank];
        int total = product(xShape);
        for (int flat = 0; flat < total; flat++) {
            int source = 0;
            for (int j = 0; j < rank; j++) {
                source += idx[j] * xStrides[perm[j]];
            }
            out[flat] = x[source];
            ReferenceElementwise.increment(idx, outShape);
        }
    }

    /** The first index of the largest value; a NaN counts as larger than any number (PyTorch's argmax does too). */
    static void argmax(float[] x, int[] out, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < cols; c++) {
                if (isGreater(x[r * cols + c], x[r * cols + best])) {
                    best = c;
                }
            }
            out[r] = best;
        }
    }

    /** v beats the current best when strictly larger, or NaN against a number: ties keep the first. */
    static boolean isGreater(float v, float best) {
        return v > best || (Float.isNaN(v) && !Float.isNaN(best));
    }

    private static int product(int[] shape) {
        return Math.toIntExact(Shapes.elements(shape));
    }
}
