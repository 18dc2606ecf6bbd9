// A shared-memory tiled matrix product, C(M x N) = A(M x K) * B(K x N), where A and B are read through loader
// functors. gemm.cu reads stored matrices; conv1d.cu reads the im2col matrices of a convolution on the fly
// (implicit GEMM), so no unfolded copy of the input is ever materialised.
//
// Tiles: a 256-thread block computes a 64 x 64 tile of C, stepping through K in slices of 16. Each thread owns a
// 4 x 4 register block at rows ty + 16 i and columns tx + 16 j, so a warp reads shared memory rows without bank
// conflicts. Loads of each slice are spread over the block; the loader says which index should vary fastest
// across threads so that global reads are coalesced. The block sums over k in [k_begin, k_end): a split-K launch
// gives each blockIdx.z its own range and sums the partial tiles afterwards.
#pragma once

#define TILE_M 64
#define TILE_N 64
#define TILE_K 16
#define TILE_THREADS 256

template <class LoadA, class LoadB, class Store>
__device__ void gemm_tile(int M, int N, int k_begin, int k_end, const LoadA& load_a, const LoadB& load_b,
                          const Store& store) {
    __shared__ float a_tile[TILE_K][TILE_M + 1];
    __shared__ float b_tile[TILE_K][TILE_N + 1];
    const int tid = threadIdx.x;
    const int tx = tid % 16;
    const int ty = tid / 16;
    const int row0 = blockIdx.y * TILE_M;
    const int col0 = blockIdx.x * TILE_N;
    float acc[4][4];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;

    for (int k0 = k_begin; k0 < k_end; k0 += TILE_K) {
        for (int e = tid; e < TILE_M * TILE_K; e += TILE_THREADS) {
            int r, kk;
            if (load_a.k_fastest) { r = e / TILE_K; kk = e % TILE_K; } else { kk = e / TILE_M; r = e % TILE_M; }
            int gr = row0 + r, gk = k0 + kk;
            a_tile[kk][r] = (gr < M && gk < k_end) ? load_a(gr, gk) : 0.0f;
        }
        for (int e = tid; e < TILE_K * TILE_N; e += TILE_THREADS) {
            int c, kk;
            if (load_b.k_fastest) { c = e / TILE_K; kk = e % TILE_K; } else { kk = e / TILE_N; c = e % TILE_N; }
            int gc = col0 + c, gk = k0 + kk;
            b_tile[kk][c] = (gc < N && gk < k_end) ? load_b(gk, gc) : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < TILE_K; kk++) {
            float a[4], b[4];
#pragma unroll
            for (int i = 0; i < 4; i++) a[i] = a_tile[kk][ty + 16 * i];
#pragma unroll
            for (int j = 0; j < 4; j++) b[j] = b_tile[kk][tx + 16 * j];
#pragma unroll
            for (int i = 0; i < 4; i++)
#pragma unroll
                for (int j = 0; j < 4; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }
    for (int i = 0; i < 4; i++) {
        int r = row0 + ty + 16 * i;
        if (r >= M) continue;
        for (int j = 0; j < 4; j++) {
            int c = col0 + tx + 16 * j;
            if (c < N) store(r, c, acc[i][j]);
        }
    }
}
