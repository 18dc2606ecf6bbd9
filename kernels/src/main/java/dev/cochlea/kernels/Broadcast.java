package dev.cochlea.kernels;

import java.util.Arrays;

/**
 * How two operands map onto an output shape for {@link Kernels#binary}: strides in elements for each output axis,
 * 0 where that operand is broadcast along the axis. All three arrays have the output's rank.
 */
public record Broadcast(int[] outShape, int[] aStrides, int[] bStrides) {

    /** Right-aligned NumPy/PyTorch broadcasting of two contiguous shapes; throws if they are incompatible. */
    public static Broadcast of(int[] aShape, int[] bShape) {
        int rank = Math.max(aShape.length, bShape.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int a = dim(aShape, i - rank + aShape.length);
            int b = dim(bShape, i - rank + bShape.length);
            if (a != b && a != 1 && b != 1) {
                throw new IllegalArgumentException(
                        "shapes " + Arrays.toString(aShape) + " and " + Arrays.toString(bShape)
                                + " cannot be broadcast together (axis " + i + ": " + a + " vs " + b + ")");
            }
            out[i] = a == 1 ? b : a;
        }
        return new Broadcast(out, strides(aShape, rank), strides(bShape, rank));
    }

    /** True when neither operand is broadcast, so the op is a flat element-wise loop. */
    public boolean isElementwise() {
        int[] contiguous = strides(outShape, outShape.length);
        return Arrays.equals(contiguous, aStrides) && Arrays.equals(contiguous, bStrides);
    }

    public long outSize() {
        return Shapes.elements(outShape);
    }

    private static int dim(int[] shape, int i) {
        return i < 0 ? 1 : shape[i];
    }

    /** Contiguous strides of {@code shape} right-aligned to {@code rank}, 0 on axes of size 1 or missing. */
    private static int[] strides(int[] shape, int rank) {
        int[] s = new int[rank];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i + rank - shape.length] = shape[i] == 1 ? 0 : stride;
            stride *= shape[i];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Broadcast b
                && Arrays.equals(outShape, b.outShape)
                && Arrays.equals(aStrides, b.aStrides)
                && Arrays.equals(bStrides, b.bStrides);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(outShape) * 31 + Arrays.hashCode(aStrides) * 17 + Arrays.hashCode(bStrides);
    }

    @Override
    public String toString() {
        return "Broadcast[out=" + Arrays.toString(outShape) + ", a=" + Arrays.toString(aStrides) + ", b="
                + Arrays.toString(bStrides) + "]";
    }
}
