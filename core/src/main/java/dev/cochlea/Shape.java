package dev.cochlea;

import java.util.Arrays;

/** Helpers for int[] shapes: sizes, formatting and the checks that produce readable errors. */
public final class Shape {
    private Shape() {}

    /** The number of elements; a shape whose count overflows a long is refused, not wrapped to a small number. */
    public static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + str(shape) + " has more elements than a long can count");
            }
        }
        return n;
    }

    /** PyTorch's notation, e.g. [2, 1, 32000]. */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }

    /** Resolves a negative axis (-1 is the last) and checks it is in range. */
    public static int axis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("dimension " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /** Product of dims [from, to). */
    public static int prod(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** {@code shape} without dimension {@code axis} (a reduction's result without keepdim). */
    public static int[] dropAxis(int[] shape, int axis) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != axis) {
                out[j++] = shape[i];
            }
        }
        return out;
    }

    static int[] checkDims(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            }
        }
        if (size(shape) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape " + str(shape) + " has more than 2^31 elements");
        }
        return shape.clone();
    }
}
