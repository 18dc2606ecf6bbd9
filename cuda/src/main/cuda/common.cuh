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

__device__ __forceinline__ float warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_down_sync(0xffffffffu, v, offset);
    }
    return v;
}

// max that propagates NaN, as Java's Math.max (and PyTorch's amax) do; fmaxf would drop it.
__device__ __forceinline__ float nan_max(float a, float b) {
    return (a != a || b != b) ? CUDART_NAN_F : fmaxf(a, b);
}

// "v beats best" for argmax and max-pooling: strictly larger, or NaN against a number (ties keep the first).
__device__ __forceinline__ bool is_greater(float v, float best) {
    return v > best || (v != v && best == best);
}

__device__ __forceinline__ float warp_max(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v = nan_max(v, __shfl_down_sync(0xffffffffu, v, offset));
    }
    return v;
}

// Sum of v over the block, returned to every thread. Warp shuffles first, then one warp reduces the per-warp sums
// held in shared memory. The trailing barrier lets a kernel call it again right away.
__device__ float block_sum(float v) {
    __shared__ float partial[32];
    __shared__ float total;
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_sum(v);
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        float w = lane < warps ? partial[lane] : 0.0f;
        w = warp_sum(w);
        if (lane == 0) total = w;
    }
    __syncthreads();
    float result = total;
    __syncthreads();
    return result;
}

__device__ __forceinline__ double warp_sum_double(double v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_down_sync(0xffffffffu, v, offset);
    }
    return v;
}

// block_sum in double, for sums whose terms cancel (the batch-norm gradient).
__device__ double block_sum_double(double v) {
    __shared__ double partial[32];
    __shared__ double total;
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_sum_double(v);
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        double w = lane < warps ? partial[lane] : 0.0;
        w = warp_sum_double(w);
        if (lane == 0) total = w;
    }
    __syncthreads();
    double result = total;
    __syncthreads();
    return result;
}

// Maximum of v over the block (NaN-propagating), returned to every thread.
__device__ float block_max(float v) {
    __shared__ float partial[32];
    __shared__ float total;
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    v = warp_max(v);
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        int warps = blockDim.x >> 5;
        float w = lane < warps ? partial[lane] : -CUDART_INF_F;
        w = warp_max(w);
        if (lane == 0) total = w;
    }
    __syncthreads();
    float result = total;
    __syncthreads();
    return result;
}
