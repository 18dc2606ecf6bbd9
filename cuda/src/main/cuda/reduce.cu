// Reductions and layout changes.
#include "common.cuh"
#include "channel_chunks.cuh"

#define R_SUM 0
#define R_MAX 1

// x viewed as [rows, cols] (the reduce's inner size is 1). A 2-D grid: blockIdx.x = row, blockIdx.y = chunk of
// per_chunk columns, four independent loads per thread per step; out[row * chunks + chunk] gets the chunk's result.
// With one chunk that is the row's result; with several, reduce_rows_finish combines them in order.
extern "C" __global__ void reduce_rows(const float* x, float* out, int rows, int cols, int op, int chunks,
                                       int per_chunk) {
    const int row = blockIdx.x, chunk = blockIdx.y;
    const float* r = x + (long long) row * cols;
    const int begin = chunk * per_chunk;
    const int end = min(cols, begin + per_chunk);
    int c = begin + threadIdx.x;
    if (op == R_SUM) {
        float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        for (; c + 3 * BLOCK_THREADS < end; c += 4 * BLOCK_THREADS) {
#pragma unroll
            for (int u = 0; u < 4; u++) acc[u] += r[c + u * BLOCK_THREADS];
        }
        for (; c < end; c += BLOCK_THREADS) acc[0] += r[c];
        float total = block_sum((acc[0] + acc[1]) + (acc[2] + acc[3]));
        if (threadIdx.x == 0) out[(long long) row * chunks + chunk] = total;
    } else {
        float acc[4] = {-CUDART_INF_F, -CUDART_INF_F, -CUDART_INF_F, -CUDART_INF_F};
        for (; c + 3 * BLOCK_THREADS < end; c += 4 * BLOCK_THREADS) {
#pragma unroll
            for (int u = 0; u < 4; u++) acc[u] = nan_max(acc[u], r[c + u * BLOCK_THREADS]);
        }
        for (; c < end; c += BLOCK_THREADS) acc[0] = nan_max(acc[0], r[c]);
        float best = block_max(nan_max(nan_max(acc[0], acc[1]), nan_max(acc[2], acc[3])));
        if (threadIdx.x == 0) out[(long long) row * chunks + chunk] = best;
    }
}

// Second pass of a chunked reduce_rows: one thread per row combines its chunks in order.
extern "C" __global__ void reduce_rows_finish(const float* partials, float* out, int rows, int chunks, int op) {
    for (long long row = global_index(); row < rows; row += global_stride()) {
        const float* p = partials + row * chunks;
        float acc = p[0];
        for (int k = 1; k < chunks; k++) acc = op == R_SUM ? acc + p[k] : nan_max(acc, p[k]);
        out[row] = acc;
    }
}

// x viewed as [outer, reduced, inner] with inner > 1: one thread per output (o, i); neighbouring threads read
// neighbouring addresses, so the loop over the reduced axis stays coalesced. Four accumulators (r mod 4) keep four
// loads in flight (the split-K combine sums hundreds of slices); they are combined in a fixed order.
extern "C" __global__ void reduce_strided(const float* x, float* out, int outer, int reduced, int inner, int op) {
    long long total = (long long) outer * inner;
    for (long long idx = global_index(); idx < total; idx += global_stride()) {
        long long o = idx / inner;
        long long i = idx % inner;
        const float* p = x + o * reduced * inner + i;
        float init = op == R_SUM ? 0.0f : -CUDART_INF_F;
        float acc[4] = {init, init, init, init};
        int r = 0;
        for (; r + 3 < reduced; r += 4) {
            float v[4];
#pragma unroll
            for (int u = 0; u < 4; u++) v[u] = p[(long long) (r + u) * inner];
#pragma unroll
            for (int u = 0; u < 4; u++) acc[u] = op == R_SUM ? acc[u] + v[u] : nan_max(acc[u], v[u]);
        }
        for (; r < reduced; r++) {
            float v = p[(long long) r * inner];
            acc[0] = op == R_SUM ? acc[0] + v : nan_max(acc[0], v);
        }
        out[idx] = op == R_SUM ? (acc[0] + acc[1]) + (acc[2] + acc[3])
                               : nan_max(nan_max(acc[0], acc[1]), nan_max(acc[2], acc[3]));
    }
}

// Per-channel sums of x [batch, channels, len] (the convolution's bias gradient), first pass: a 2-D grid of
// (channel, chunk) blocks, partials[c * chunks + chunk] in double; chunk_sum_finish adds them in order.
extern "C" __global__ void channel_sum_partial(const float* x, double* partials, int batch, int channels, int len,
                                               int chunks, int per_chunk) {
    const ChannelChunk k(batch, channels, len, per_chunk);
    double total = block_sum_double((double) chunk_sum(x, k, Identity()));
    if (threadIdx.x == 0) partials[k.slot(chunks, 1)] = total;
}

extern "C" __global__ void chunk_sum_finish(const double* partials, float* out, int rows, int chunks) {
    for (long long row = global_index(); row < rows; row += global_stride()) {
        double acc = 0.0;
        for (int k = 0; k < chunks; k++) acc += partials[row * chunks + k];
        out[row] = (float) acc;
    }
}

// Reverse broadcasting: each output element sums the x elements that broadcast from it. The axes where out has size 1
// and x does not are the summed ones; the loop enumerates their coordinates with a mixed-radix counter.

// The x offset of output element o's coordinate, the summed axes at 0.
__device__ __forceinline__ long long sum_base(long long o, const Shape8& x_shape, const Shape8& out_shape, int rank) {
    long long rest = o;
    long long base = 0;
    long long stride = 1;
    for (int d = rank - 1; d >= 0; d--) {
        long long coord = rest % out_shape.v[d];
        rest /= out_shape.v[d];
        base += coord * stride;
        stride *= x_shape.v[d];
    }
    return base;
}

// The x offset of the k-th term summed into the output at base: k's digits are the coordinates on the summed axes.
__device__ __forceinline__ long long summed_term(long long k, long long base, const Shape8& x_shape,
                                                 const Shape8& out_shape, int rank) {
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
    return offset;
}

extern "C" __global__ void sum_to_shape(const float* x, float* out, Shape8 x_shape, Shape8 out_shape, int rank,
                                        long long out_total, long long per_output) {
    for (long long o = global_index(); o < out_total; o += global_stride()) {
        long long base = sum_base(o, x_shape, out_shape, rank);
        float acc = 0.0f;
        for (long long k = 0; k < per_output; k++) acc += x[summed_term(k, base, x_shape, out_shape, rank)];
        out[o] = acc;
    }
}

// sum_to_shape for few outputs with many terms each (a bias gradient): one block per output, its terms spread over
// the block's threads and combined by block_sum, always in the same order.
extern "C" __global__ void sum_to_shape_blocks(const float* x, float* out, Shape8 x_shape, Shape8 out_shape,
                                               int rank, long long out_total, long long per_output) {
    for (long long o = blockIdx.x; o < out_total; o += gridDim.x) {
        long long base = sum_base(o, x_shape, out_shape, rank);
        float acc = 0.0f;
        for (long long k = threadIdx.x; k < per_output; k += blockDim.x) {
            acc += x[summed_term(k, base, x_shape, out_shape, rank)];
        }
        acc = block_sum(acc);
        if (threadIdx.x == 0) out[o] = acc;
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
