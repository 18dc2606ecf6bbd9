// Shared helpers for Cochlea's CUDA kernels. Every kernel is launched with a 1-D block whose size is a multiple of
// 32 (the Java side's LaunchGeometry), which the block reductions below rely on.
#pragma once

#include <math_constants.h>

// Up to eight dimensions passed by value (shapes and strides of broadcast, permute and sum-to-shape).
// Threads per block of every kernel (LaunchGeometry.BLOCK on the Java side).
#define BLOCK_THREADS 256

struct Shape8 {
    int v[8];
};

__device__ __forceinline__ long long global_index() {
    return (long long) blockIdx.x * blockDim.x + threadIdx.x;
}

__device__ __forceinline__ long long global_stride() {
    return (long long) gridDim.x * blockDim.x;
}

// max that propagates NaN, as Java's Math.max (and PyTorch's amax) do; fmaxf would drop it.
__device__ __forceinline__ float nan_max(float a, float b) {
    return (a != a || b != b) ? CUDART_NAN_F : fmaxf(a, b);
}

// "v beats best" for argmax and max-pooling: strictly larger, or NaN against a number (ties keep the first).
__device__ __forceinline__ bool is_greater(float v, float best) {
    return v > best || (v != v && best == best);
}

// An element as it is, for helpers that take a per-element transform.
struct Identity {
    __device__ __forceinline__ float operator()(float v) const {
        return v;
    }
};

// Max-pooling window lo over a row xr of length len: the first maximum of value(xr[pos]) over the positions
// pos = lo * stride - pad + k, k < ks, inside the row (padding is -infinity and never wins), and its position.
template <typename Value>
__device__ __forceinline__ void window_max(const float* xr, int len, int lo, int ks, int stride, int pad, Value value,
                                           float& best, int& best_index) {
    best = -CUDART_INF_F;
    best_index = -1;
    int start = lo * stride - pad;
    for (int k = 0; k < ks; k++) {
        int pos = start + k;
        if (pos < 0 || pos >= len) continue;
        float v = value(xr[pos]);
        if (best_index < 0 || is_greater(v, best)) {
            best = v;
            best_index = pos;
        }
    }
}

// How the reductions below combine two values.
struct AddOp {
    template <typename T>
    __device__ __forceinline__ T operator()(T a, T b) const {
        return a + b;
    }
};

struct NanMaxOp {
    __device__ __forceinline__ float operator()(float a, float b) const {
        return nan_max(a, b);
    }
};

// op over the warp's 32 lanes, as a tree of shuffles; lane 0 holds the result.
template <typename T, typename Op>
__device__ __forceinline__ T warp_reduce(T v, Op op) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v = op(v, __shfl_down_sync(0xffffffffu, v, offset));
    }
    return v;
}

// op over the block, returned to every thread. Warp shuffles first, then one warp reduces the per-warp results held
// in shared memory (identity stands in for warps the block does not have). The trailing barrier lets a kernel call
// it again right away. Each (T, Op) has its own shared arrays.
template <typename T, typename Op>
__device__ T block_reduce(T v, T identity, Op op) {
    __shared__ T partial[32];
    __shared__ T total;
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_reduce(v, op);
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        T w = lane < warps ? partial[lane] : identity;
        w = warp_reduce(w, op);
        if (lane == 0) total = w;
    }
    __syncthreads();
    T result = total;
    __syncthreads();
    return result;
}

// Sum of v over the block, returned to every thread.
__device__ __forceinline__ float block_sum(float v) {
    return block_reduce(v, 0.0f, AddOp());
}

// block_sum in double, for sums whose terms cancel (the batch-norm gradient).
__device__ __forceinline__ double block_sum_double(double v) {
    return block_reduce(v, 0.0, AddOp());
}

// Maximum of v over the block (NaN-propagating), returned to every thread.
__device__ __forceinline__ float block_max(float v) {
    return block_reduce(v, -CUDART_INF_F, NanMaxOp());
}
