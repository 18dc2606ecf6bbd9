// Batched row-major GEMM (dev.cochlea.kernels.GemmParams): blockIdx.z is the batch entry.
#include "gemm_tile.cuh"

// A stored m x k (row r contiguous along k), or k x m when trans (contiguous along m).
struct MatrixA {
    const float* a;
    int m, k;
    bool trans;
    bool k_fastest;
    __device__ void operator()(int r, int kk, int rows, int k_end, float v[4]) const {
        if (!trans) load4(a + (long long) r * k + kk, r < rows ? k_end - kk : 0, v);
        else load4(a + (long long) kk * m + r, kk < k_end ? rows - r : 0, v);
    }
};

// B stored k x n (contiguous along n), or n x k when trans (contiguous along k).
struct MatrixB {
    const float* b;
    int n, k;
    bool trans;
    bool k_fastest;
    __device__ void operator()(int kk, int c, int k_end, int cols, float v[4]) const {
        if (!trans) load4(b + (long long) kk * n + c, kk < k_end ? cols - c : 0, v);
        else load4(b + (long long) c * k + kk, c < cols ? k_end - kk : 0, v);
    }
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
    MatrixA load_a{a + batch * stride_a, m, k, trans_a != 0, trans_a == 0};
    MatrixB load_b{b + batch * stride_b, n, k, trans_b != 0, trans_b != 0};
    ScaledStore store{c + batch * stride_c, n, alpha, beta};
    gemm_tile(tile_m, tf32, m, n, 0, k, load_a, load_b, store);
}
