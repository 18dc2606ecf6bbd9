package dev.cochlea.kernels;

/** Row-major layout arithmetic on shapes given as int[] (outermost axis first), for the kernels of every backend. */
public final class Shapes {
    private Shapes() {}

    /** The number of elements of {@code shape}: the product of its sizes (1 for a scalar's empty shape). */
    public static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Row-major contiguous strides of {@code shape}, in elements: the last axis has stride 1. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int stride = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= shape[i];
        }
        return strides;
    }
}
