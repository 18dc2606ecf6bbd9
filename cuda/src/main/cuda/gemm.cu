// Batched row-major GEMM (dev.cochlea.kernels.GemmParams): blockIdx.z is the batch entry.
#include "gemm_tile.cuh"

// An operand stored with its k index contiguous (k_fastest: element (i, kk) at p[i * k + kk]) or its other index
// contiguous (at p[kk * outer + i]); outer is m for A, n for B.
struct StoredOperand {
    const float* p;
    int outer, k;
    bool k_fastest;
    // Four elements from (i, kk) along the contiguous index, zeros past i_end or k_end.
    __device__ void load(int i, int kk, int i_end, int k_end, float v[4]) const {
        if (k_fastest) load4(p + (long long) i * k + kk, i < i_end ? k_end - kk : 0, v);
        else load4(p + (long long) kk * outer + i, kk < k_end ? i_end - i : 0, v);
    }
};

// A is m x k (k contiguous unless trans); gemm_tile passes its row first.
struct MatrixA : StoredOperand {
    __device__ void operator()(int r, int kk, int rows, int k_end, float v[4]) const { load(r, kk, rows, k_end, v); }
};

// B is k x n (n contiguous unless trans); gemm_tile passes its k first.
struct MatrixB : StoredOperand {
    __device__ void operator()(int kk, int c, int k_end, int cols, float v[4]) const { load(c, kk, cols, k_end, v); }
};

struct ScaledStore {
    float* c;
    int n;
    float alpha, beta;
    // beta == 0 must not read C: it may hold garbage, even NaN.
    __device__ void operator()(int r, int col, float v) const {
        long long i = (long long) r * n + col;
        c[i] = beta == 0.0f ? alpha * v : alpha * v + beta * c[i];
    }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
gemm_f32(const float* a, const float* b, float* c, int m, int n, int k, int trans_a, int trans_b, float alpha,
         float beta, long long stride_a, long long stride_b, long long stride_c, int tile_m, int tf32) {
    long long batch = blockIdx.z;
    MatrixA load_a{{a + batch * stride_a, m, k, trans_a == 0}};
    MatrixB load_b{{b + batch * stride_b, n, k, trans_b != 0}};
    ScaledStore store{c + batch * stride_c, n, alpha, beta};
    gemm_tile(tile_m, tf32, m, n, 0, k, load_a, load_b, store);
}
