package dev.cochlea.kernels;

/**
 * Batched row-major GEMM: for each i in [0, batch), {@code C_i = alpha * op(A_i) * op(B_i) + beta * C_i}, where
 * op(A_i) is m x k (A_i stored k x m when {@code transA}), op(B_i) is k x n (B_i stored n x k when {@code transB}),
 * and C_i is m x n. The batch strides are in elements; a stride of 0 reuses the same matrix for every batch entry.
 * When beta is 0, C is not read (so it may hold garbage, even NaN).
 */
public record GemmParams(
        int batch,
        int m,
        int n,
        int k,
        boolean transA,
        boolean transB,
        float alpha,
        float beta,
        long strideA,
        long strideB,
        long strideC) {

    public GemmParams {
        if (batch < 1 || m < 1 || n < 1 || k < 1) {
            throw new IllegalArgumentException(
                    "gemm sizes must be positive: batch=" + batch + " m=" + m + " n=" + n + " k=" + k);
        }
    }

    /** A single product {@code C = op(A) * op(B)}. */
    public static GemmParams of(int m, int n, int k, boolean transA, boolean transB) {
        return new GemmParams(1, m, n, k, transA, transB, 1f, 0f, 0, 0, 0);
    }

    public GemmParams withAlphaBeta(float newAlpha, float newBeta) {
        return new GemmParams(batch, m, n, k, transA, transB, newAlpha, newBeta, strideA, strideB, strideC);
    }

    public double flops() {
        return 2.0 * batch * m * n * k;
    }
}
