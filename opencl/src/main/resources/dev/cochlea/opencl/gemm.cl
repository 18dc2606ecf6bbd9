// Batched row-major GEMM, C = alpha op(A) op(B) + beta C, tiled through local memory: each TILE x TILE work-group
// stages a TILE-wide slice of op(A)'s rows and op(B)'s columns, then every work-item accumulates one output.
// TILE is defined at build time from the device's work-group limit. get_global_id(2) is the batch entry.

__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void gemm(__global const float* A, __global const float* B, __global float* C, int M, int N, int K, int transA,
          int transB, float alpha, float beta, long strideA, long strideB, long strideC) {
    __local float As[TILE][TILE + 1]; // +1 column: no bank conflicts when a column is read
    __local float Bs[TILE][TILE + 1];
    const int lx = get_local_id(0);
    const int ly = get_local_id(1);
    const int col = get_group_id(0) * TILE + lx;
    const int row = get_group_id(1) * TILE + ly;
    const long b = get_global_id(2);
    A += b * strideA;
    B += b * strideB;
    C += b * strideC;

    float acc = 0.0f;
    for (int t = 0; t < K; t += TILE) {
        const int ka = t + lx; // As[ly][lx] = op(A)[row, t + lx]
        As[ly][lx] = (row < M && ka < K) ? (transA ? A[ka * M + row] : A[row * K + ka]) : 0.0f;
        const int kb = t + ly; // Bs[ly][lx] = op(B)[t + ly, col]
        Bs[ly][lx] = (kb < K && col < N) ? (transB ? B[col * K + kb] : B[kb * N + col]) : 0.0f;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < TILE; kk++) {
            acc += As[ly][kk] * Bs[kk][lx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (row < M && col < N) {
        float v = alpha * acc;
        if (beta != 0.0f) { // beta == 0 must not read C, which may hold NaN
            v += beta * C[row * N + col];
        }
        C[row * N + col] = v;
    }
}
