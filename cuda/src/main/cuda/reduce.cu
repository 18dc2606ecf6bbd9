// Reductions and layout changes.
#include "common.cuh"

#define R_SUM 0
#define R_MAX 1

// x viewed as [rows, cols] (the reduce's inner size is 1): one block per row, block reduction in shared memory.
extern "C" __global__ void reduce_rows(const float* x, float* out, int rows, int cols, int op) {
    int row = blockIdx.x;
    const float* r = x + (long long) row * cols;
    if (op == R_SUM) {
        float acc = 0.0f;
        for (int c = threadIdx.x; c < cols; c += blockDim.x) acc += r[c];
        acc = block_sum(acc);
        if (threadIdx.x == 0) out[row] = acc;
    } else {
        float acc = -CUDART_INF_F;
        for (int c = threadIdx.x; c < cols; c += blockDim.x) acc = nan_max(acc, r[c]);
        acc = block_max(acc);
        if (threadIdx.x == 0) out[row] = acc;
    }
}

// x viewed as [outer, reduced, inner] with inner > 1: one thread per output (o, i); neighbouring threads read
// neighbouring addresses, so the loop over the reduced axis stays coalesced.
extern "C" __global__ void reduce_strided(const float* x, float* out, int outer, int reduced, int inner, int op) {
    long long total = (long long) outer * inner;
    for (long long idx = global_index(); idx < total; idx += global_stride()) {
        long long o = idx / inner;
        long long i = idx % inner;
        const float* p = x + o * reduced * inner + i;
        float acc = op == R_SUM ? 0.0f : -CUDART_INF_F;
        for (int r = 0; r < reduced; r++) {
            float v = p[(long long) r * inner];
            acc = op == R_SUM ? acc + v : nan_max(acc, v);
        }
        out[idx] = acc;
    }
}

// Reverse broadcasting: each output element sums the x elements that broadcast from it. The axes where out has size 1
// and x does not are the summed ones; the loop enumerates their coordinates with a mixed-radix counter.
extern "C" __global__ void sum_to_shape(const float* x, float* out, Shape8 x_shape, Shape8 out_shape, int rank,
                                        long long out_total, long long per_output) {
    for (long long o = global_index(); o < out_total; o += global_stride()) {
        // x offset of the output coordinate (summed axes at 0).
        long long rest = o;
        long long base = 0;
        long long stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            long long coord = rest % out_shape.v[d];
            rest /= out_shape.v[d];
            base += coord * stride;
            stride *= x_shape.v[d];
        }
        float acc = 0.0f;
        for (long long k = 0; k < per_output; k++) {
            long long krest = k;
            long long offset = base;
            long long s = 1;
            for (int d = rank - 1; d >= 0; d--) {
                if (out_shape.v[d] == 1 && x_shape.v[d] != 1) {
                    offset += (krest % x_shape.v[d]) * s;
                    krest /= x_shape.v[d];
                }
                s *= x_shape.v[d];
            }
            acc += x[offset];
        }
        out[o] = acc;
    }
}

// out axis j is x axis perm[j]; src_strides[j] is x's stride along axis perm[j].
extern "C" __global__ void permute_f32(const float* x, float* out, Shape8 out_shape, Shape8 src_strides, int rank,
                                       long long total) {
    for (long long i = global_index(); i < total; i += global_stride()) {
        long long rest = i;
        long long src = 0;
        for (int d = rank - 1; d >= 0; d--) {
            long long coord = rest % out_shape.v[d];
            rest /= out_shape.v[d];
            src += coord * src_strides.v[d];
        }
        out[i] = x[src];
    }
}

// One block per row; each thread keeps its first maximum, then the block keeps the largest value and, among equal
// values (or two NaNs), the smallest index: the first maximum, as a sequential scan finds it.
extern "C" __global__ void argmax_rows(const float* x, int* out, int rows, int cols) {
    __shared__ float best_value[256];
    __shared__ int best_index[256];
    int row = blockIdx.x;
    const float* r = x + (long long) row * cols;
    float value = -CUDART_INF_F;
    int index = -1;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) {
        float v = r[c];
        if (index < 0 || is_greater(v, value)) {
            value = v;
            index = c;
        }
    }
    best_value[threadIdx.x] = value;
    best_index[threadIdx.x] = index;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half >>= 1) {
        if (threadIdx.x < half) {
            float ov = best_value[threadIdx.x + half];
            int oi = best_index[threadIdx.x + half];
            float mv = best_value[threadIdx.x];
            int mi = best_index[threadIdx.x];
            bool take = oi >= 0 && (mi < 0 || is_greater(ov, mv) || (!is_greater(mv, ov) && oi < mi));
            if (take) {
                best_value[threadIdx.x] = ov;
                best_index[threadIdx.x] = oi;
            }
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) out[row] = best_index[0];
}
