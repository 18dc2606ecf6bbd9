// The 2-D grids that reduce x [batch, channels, len] per channel in a fixed order: blockIdx.x is the channel and
// blockIdx.y a chunk of the channel's batch * len elements (LaunchGeometry.chunks picks the chunks and their size, so
// even 32 channels fill every SM several times over); a finishing pass then combines the chunks in chunk order, and
// the result does not depend on scheduling.
#pragma once

#include "common.cuh"
#include "fast_div.cuh"

// This block's channel c and chunk, which covers the channel's elements [begin, end).
struct ChannelChunk {
    int c, chunk, channels, len, begin, end;
    FastDiv len_div;

    __device__ ChannelChunk(int batch, int channels, int len, int per_chunk)
        : c(blockIdx.x),
          chunk(blockIdx.y),
          channels(channels),
          len(len),
          begin(chunk * per_chunk),
          end(min(batch * len, begin + per_chunk)),
          len_div(len) {}

    // The flat index in x of the channel's element e: sample e / len, position e % len.
    __device__ __forceinline__ long long element(int e) const {
        int n, l;
        len_div.divmod(e, n, l);
        return ((long long) n * channels + c) * len + l;
    }

    // Where this block's `width` values go in the partials array: [(c * chunks + chunk) * width, ... + width).
    __device__ __forceinline__ long long slot(int chunks, int width) const {
        return ((long long) c * chunks + chunk) * width;
    }
};

// This thread's share of the sum of term(x[i]) over the chunk: four independent loads per step, then added pairwise.
template <typename Term>
__device__ __forceinline__ float chunk_sum(const float* x, const ChannelChunk& k, Term term) {
    float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    int e = k.begin + threadIdx.x;
    for (; e + 3 * BLOCK_THREADS < k.end; e += 4 * BLOCK_THREADS) {
#pragma unroll
        for (int u = 0; u < 4; u++) acc[u] += term(x[k.element(e + u * BLOCK_THREADS)]);
    }
    for (; e < k.end; e += BLOCK_THREADS) acc[0] += term(x[k.element(e)]);
    return (acc[0] + acc[1]) + (acc[2] + acc[3]);
}

// A chunk_sum term: the element's squared deviation from a mean (Identity sums the elements themselves).
struct SquaredDeviation {
    float mean;
    __device__ __forceinline__ float operator()(float v) const {
        float d = v - mean;
        return d * d;
    }
};
