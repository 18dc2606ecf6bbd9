// 1-D convolution (cross-correlation) as implicit GEMM over gemm_tile.cuh: the unfolded (im2col) operand is read
// straight from x or gradY inside the tile loads. Shapes follow dev.cochlea.kernels.Conv1dParams.
#include "gemm_tile.cuh"
#include "common.cuh"

// ---- forward: y[n, co, lo] = sum over (ci, k) of w[co, ci, k] * x[n, ci, lo*stride - pad + k*dil] ----------------
// GEMM with M = cout, N = batch * lout, K = cin * ks.

struct ForwardW {
    const float* w;
    int kdim;
    bool k_fastest;
    __device__ float operator()(int co, int r) const { return w[(long long) co * kdim + r]; }
};

struct ForwardX {
    const float* x;
    int cin, len, ks, stride, pad, dil, lout;
    bool k_fastest;
    __device__ float operator()(int r, int col) const {
        int n = col / lout, lo = col % lout;
        int ci = r / ks, k = r % ks;
        int pos = lo * stride - pad + k * dil;
        return (pos >= 0 && pos < len) ? x[((long long) n * cin + ci) * len + pos] : 0.0f;
    }
};

struct ForwardStore {
    float* y;
    const float* bias;
    int cout, lout;
    __device__ void operator()(int co, int col, float v) const {
        int n = col / lout, lo = col % lout;
        y[((long long) n * cout + co) * lout + lo] = bias ? v + bias[co] : v;
    }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv1d_forward(const float* x, const float* w, const float* bias, float* y, int batch, int cin, int cout, int len,
               int ks, int stride, int pad, int dil, int lout) {
    ForwardW load_a{w, cin * ks, true};
    ForwardX load_b{x, cin, len, ks, stride, pad, dil, lout, false};
    ForwardStore store{y, bias, cout, lout};
    gemm_tile(cout, batch * lout, 0, cin * ks, load_a, load_b, store);
}

// ---- backward input: gradX[n, ci, l] = sum over (co, k) of w[co, ci, k] * gradY[n, co, lo] where
// lo * stride - pad + k * dil = l. GEMM with M = cin, N = batch * len, K = cout * ks. ----------------------------

struct BackInputW {
    const float* w;
    int cin, ks;
    bool k_fastest;
    __device__ float operator()(int ci, int r) const {
        int co = r / ks, k = r % ks;
        return w[((long long) co * cin + ci) * ks + k];
    }
};

struct BackInputGradY {
    const float* grad_y;
    int cout, len, ks, stride, pad, dil, lout;
    bool k_fastest;
    __device__ float operator()(int r, int col) const {
        int n = col / len, l = col % len;
        int co = r / ks, k = r % ks;
        int t = l + pad - k * dil;
        if (t < 0 || t % stride != 0) return 0.0f;
        int lo = t / stride;
        return lo < lout ? grad_y[((long long) n * cout + co) * lout + lo] : 0.0f;
    }
};

struct BackInputStore {
    float* grad_x;
    int cin, len;
    __device__ void operator()(int ci, int col, float v) const {
        int n = col / len, l = col % len;
        grad_x[((long long) n * cin + ci) * len + l] = v;
    }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv1d_backward_input(const float* grad_y, const float* w, float* grad_x, int batch, int cin, int cout, int len,
                      int ks, int stride, int pad, int dil, int lout) {
    BackInputW load_a{w, cin, ks, true};
    BackInputGradY load_b{grad_y, cout, len, ks, stride, pad, dil, lout, false};
    BackInputStore store{grad_x, cin, len};
    gemm_tile(cin, batch * len, 0, cout * ks, load_a, load_b, store);
}

// ---- backward weight: gradW[co, ci, k] = sum over (n, lo) of gradY[n, co, lo] * x[n, ci, lo*stride - pad + k*dil].
// GEMM with M = cout, N = cin * ks, K = batch * lout. K is long (a batch of audio clips) while M and N are small, so
// the launch splits K: blockIdx.z sums k in [z * k_per_split, (z + 1) * k_per_split) into its own slice
// partial[z] [cout, cin * ks]; the host then sums the slices in a fixed order, which keeps the result deterministic.
// With a single split the slice is gradW itself. ------------------------------------------------------------------

struct BackWeightGradY {
    const float* grad_y;
    int cout, lout;
    bool k_fastest;
    __device__ float operator()(int co, int r) const {
        int n = r / lout, lo = r % lout;
        return grad_y[((long long) n * cout + co) * lout + lo];
    }
};

struct BackWeightX {
    const float* x;
    int cin, len, ks, stride, pad, dil, lout;
    bool k_fastest;
    __device__ float operator()(int r, int col) const {
        int n = r / lout, lo = r % lout;
        int ci = col / ks, k = col % ks;
        int pos = lo * stride - pad + k * dil;
        return (pos >= 0 && pos < len) ? x[((long long) n * cin + ci) * len + pos] : 0.0f;
    }
};

struct BackWeightStore {
    float* partial;
    int kdim;
    __device__ void operator()(int co, int col, float v) const { partial[(long long) co * kdim + col] = v; }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv1d_backward_weight(const float* x, const float* grad_y, float* partial, int batch, int cin, int cout, int len,
                       int ks, int stride, int pad, int dil, int lout, int k_per_split) {
    BackWeightGradY load_a{grad_y, cout, lout, true};
    BackWeightX load_b{x, cin, len, ks, stride, pad, dil, lout, true};
    long long slice = (long long) cout * cin * ks;
    BackWeightStore store{partial + blockIdx.z * slice, cin * ks};
    int k_total = batch * lout;
    int k_begin = blockIdx.z * k_per_split;
    int k_end = min(k_total, k_begin + k_per_split);
    gemm_tile(cout, cin * ks, k_begin, k_end, load_a, load_b, store);
}

// gradBias[co] = sum over (n, lo) of gradY[n, co, lo]: one block per output channel.
extern "C" __global__ void conv1d_bias_grad(const float* grad_y, float* grad_bias, int batch, int cout, int lout) {
    int co = blockIdx.x;
    float acc = 0.0f;
    long long count = (long long) batch * lout;
    for (long long e = threadIdx.x; e < count; e += blockDim.x) {
        long long n = e / lout, lo = e % lout;
        acc += grad_y[(n * cout + co) * lout + lo];
    }
    acc = block_sum(acc);
    if (threadIdx.x == 0) grad_bias[co] = acc;
}
