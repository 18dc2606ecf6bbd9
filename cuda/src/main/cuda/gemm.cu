// Batched row-major GEMM (dev.cochlea.kernels.GemmParams): blockIdx.z is the batch entry.
#include "gemm_tile.cuh"

struct MatrixA {
    const float* a;
    int m, k;
    bool trans;   // stored k x m
    bool k_fastest;
    __device__ float operator()(int r, int kk) const {
        return trans ? a[(long long) kk * m + r] : a[(long long) r * k + kk];
    }
};

struct MatrixB {
    const float* b;
    int n, k;
    bool trans;   // stored n x k
    bool k_fastest;
    __device__ float operator()(int kk, int c) const {
        return trans ? b[(long long) c * k + kk] : b[(long long) kk * n + c];
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
         float beta, long long stride_a, long long stride_b, long long stride_c) {
    long long batch = blockIdx.z;
    // Non-transposed A is contiguous along k; transposed A along m (and the other way round for B).
    MatrixA load_a{a + batch * stride_a, m, k, trans_a != 0, trans_a == 0};
    MatrixB load_b{b + batch * stride_b, n, k, trans_b != 0, trans_b != 0};
    ScaledStore store{c + batch * stride_c, n, alpha, beta};
    gemm_tile(m, n, 0, k, load_a, load_b, store);
}
