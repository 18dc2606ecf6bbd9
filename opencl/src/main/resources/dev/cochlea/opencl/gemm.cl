// Batched row-major GEMM, C = alpha op(A) op(B) + beta C, as a register-blocked tiled product (TILED_PRODUCT in
// common.cl). get_global_id(2) is the batch entry.

__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void gemm(__global const float* A, __global const float* B, __global float* C, int M, int N, int K, int transA,
          int transB, float alpha, float beta, long strideA, long strideB, long strideC) {
    const long b = get_global_id(2);
    A += b * strideA;
    B += b * strideB;
    C += b * strideC;
#define A_AT(r, d) (transA ? A[(d) * M + (r)] : A[(r) * K + (d)])
#define B_AT(d, c) (transB ? B[(c) * K + (d)] : B[(d) * N + (c)])
    TILED_PRODUCT(M, N, K, acc)
#undef A_AT
#undef B_AT
    for (int i = 0; i < WPT; i++) {
        const int row = OUT_ROW(i);
        for (int j = 0; j < WPT; j++) {
            const int col = OUT_COL(j);
            if (row < M && col < N) {
                float v = alpha * acc[i][j];
                if (beta != 0.0f) { // beta == 0 must not read C, which may hold NaN
                    v += beta * C[row * N + col];
                }
                C[row * N + col] = v;
            }
        }
    }
}
