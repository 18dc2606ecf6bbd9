// A shared-memory tiled matrix product, C(M x N) = A(M x K) * B(K x N), where A and B are read through loader
// functors. gemm.cu reads stored matrices; conv1d.cu reads the im2col matrices of a convolution on the fly
// (implicit GEMM), so no unfolded copy of the input is ever materialised.
//
// A 256-thread block (8 warps) computes a TM x TN tile of C, TM in {32, 64} and TN = 8192 / TM, so a 32-row
// product (the first convolution's 32 output channels) wastes no half tile. Each warp owns a 32 x 32 sub-tile.
// K is walked in slices of TILE_K = 16, double-buffered: while the block multiplies slice s out of shared memory,
// each thread's loads of slice s + 1 are in flight into registers, and one barrier per slice suffices.
// Loads go in groups of four along the loader's fastest index, as one float4 where the four are contiguous and
// aligned (load4 below), so global reads are coalesced and vectorised where the layout allows.
//
// Two ways to multiply a slice (the Math policy):
//   Fp32Fma: exact float32, each thread an 8 x 4 register block of fmaf;
//   Tf32Mma: tensor cores, operands rounded to TF32 once as they enter shared memory, 2 x 4 mma.m16n8k8 per
//            8-deep step per warp, float32 accumulation (the precision PyTorch uses for convolutions by default).
// The block sums over k in [k_begin, k_end): a split-K launch gives each blockIdx.z its own range.
#pragma once

#include "tensor_core.cuh"

#define TILE_K 16
#define TILE_THREADS 256
// Shared floats of the largest tile (TM = 32, TN = 256), two buffers of A and B rows padded by 8 floats so that
// fragment reads hit 32 distinct banks: 2 * 16 * (32 + 8) + 2 * 16 * (256 + 8).
#define TILE_SMEM_FLOATS 9728

// v = 4 floats from p, or fewer (the rest 0) where only `avail` remain; one 16-byte load when all four are there
// and p is aligned.
__device__ __forceinline__ void load4(const float* p, int avail, float v[4]) {
    if (avail >= 4 && (((unsigned long long) p) & 15) == 0) {
        float4 q = *reinterpret_cast<const float4*>(p);
        v[0] = q.x; v[1] = q.y; v[2] = q.z; v[3] = q.w;
        return;
    }
#pragma unroll
    for (int j = 0; j < 4; j++) v[j] = j < avail ? p[j] : 0.0f;
}

// Exact float32: lane (tx = lane % 8, ty = lane / 8) owns rows ty + 4i (i < 8) and columns tx + 8j (j < 4) of its
// warp's 32 x 32 sub-tile; a warp's shared reads are broadcasts or 8 distinct banks, never conflicts.
struct Fp32Fma {
    float acc[8][4];

    __device__ Fp32Fma() {
#pragma unroll
        for (int i = 0; i < 8; i++)
#pragma unroll
            for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;
    }

    __device__ __forceinline__ static float operand(float x) { return x; }

    template <int PA, int PB>
    __device__ __forceinline__ void multiply(const float* a, const float* b, int wm, int wn, int lane) {
        const int tx = lane & 7, ty = lane >> 3;
#pragma unroll
        for (int kk = 0; kk < TILE_K; kk++) {
            float av[8], bv[4];
#pragma unroll
            for (int i = 0; i < 8; i++) av[i] = a[kk * PA + wm + ty + 4 * i];
#pragma unroll
            for (int j = 0; j < 4; j++) bv[j] = b[kk * PB + wn + tx + 8 * j];
#pragma unroll
            for (int i = 0; i < 8; i++)
#pragma unroll
                for (int j = 0; j < 4; j++) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
        }
    }

    template <class Store>
    __device__ __forceinline__ void store(const Store& out, int M, int N, int row0, int col0, int lane) const {
        const int tx = lane & 7, ty = lane >> 3;
#pragma unroll
        for (int i = 0; i < 8; i++) {
            int r = row0 + ty + 4 * i;
            if (r >= M) continue;
#pragma unroll
            for (int j = 0; j < 4; j++) {
                int c = col0 + tx + 8 * j;
                if (c < N) out(r, c, acc[i][j]);
            }
        }
    }
};

// TF32 tensor cores: the warp's 32 x 32 sub-tile is 2 x 4 mma tiles of 16 x 8 (fragment layout in tensor_core.cuh).
// Fragment reads a[(k0 + t) * PA + m0 + g] hit 32 distinct banks because PA = 8 (mod 32).
struct Tf32Mma {
    float acc[2][4][4];

    __device__ Tf32Mma() {
#pragma unroll
        for (int i = 0; i < 2; i++)
#pragma unroll
            for (int j = 0; j < 4; j++)
#pragma unroll
                for (int r = 0; r < 4; r++) acc[i][j][r] = 0.0f;
    }

    __device__ __forceinline__ static float operand(float x) { return to_tf32(x); }

    template <int PA, int PB>
    __device__ __forceinline__ void multiply(const float* a, const float* b, int wm, int wn, int lane) {
        const int g = lane >> 2, t = lane & 3;
#pragma unroll
        for (int k0 = 0; k0 < TILE_K; k0 += 8) {
            float af[2][4], bf[4][2];
#pragma unroll
            for (int i = 0; i < 2; i++) {
                const float* p = a + (k0 + t) * PA + wm + 16 * i + g;
                af[i][0] = p[0];
                af[i][1] = p[8];
                af[i][2] = p[4 * PA];
                af[i][3] = p[4 * PA + 8];
            }
#pragma unroll
            for (int j = 0; j < 4; j++) {
                const float* p = b + (k0 + t) * PB + wn + 8 * j + g;
                bf[j][0] = p[0];
                bf[j][1] = p[4 * PB];
            }
#pragma unroll
            for (int i = 0; i < 2; i++)
#pragma unroll
                for (int j = 0; j < 4; j++) mma_tf32_m16n8k8(acc[i][j], af[i], bf[j]);
        }
    }

    template <class Store>
    __device__ __forceinline__ void store(const Store& out, int M, int N, int row0, int col0, int lane) const {
        const int g = lane >> 2, t = lane & 3;
#pragma unroll
        for (int i = 0; i < 2; i++)
#pragma unroll
            for (int j = 0; j < 4; j++)
#pragma unroll
                for (int q = 0; q < 4; q++) {
                    int r = row0 + 16 * i + g + 8 * (q >> 1);
                    int c = col0 + 8 * j + 2 * t + (q & 1);
                    if (r < M && c < N) out(r, c, acc[i][j][q]);
                }
    }
};

// The groups of four that one thread loads per slice: A is TM x TILE_K, B is TILE_K x TN, each read in groups of
// four along the loader's fastest index.
template <int TM>
struct TileShape {
    static constexpr int TN = 8192 / TM;
    static constexpr int PA = TM + 8;
    static constexpr int PB = TN + 8;
    static constexpr int A_GROUPS = (TM * TILE_K / 4 + TILE_THREADS - 1) / TILE_THREADS;
    static constexpr int B_GROUPS = TN * TILE_K / 4 / TILE_THREADS;
};

// Loaders: load_a(r, k, M, k_end, v) fills v with A[r][k..k+3] when load_a.k_fastest, else A[r..r+3][k] (zeros
// outside r < M, k < k_end); load_b(k, c, k_end, N, v) likewise B[k..k+3][c] or B[k][c..c+3].
template <int TM, class LoadA, class LoadB>
struct TileLoads {
    using S = TileShape<TM>;
    float a[S::A_GROUPS][4];
    float b[S::B_GROUPS][4];

    __device__ __forceinline__ void fetch(const LoadA& load_a, const LoadB& load_b, int M, int N, int row0, int col0,
                                          int k0, int k_end, int tid) {
#pragma unroll
        for (int i = 0; i < S::A_GROUPS; i++) {
            int e = tid + i * TILE_THREADS;
            if (e >= TM * TILE_K / 4) break;
            int r, kk;
            if (load_a.k_fastest) { r = e / (TILE_K / 4); kk = 4 * (e % (TILE_K / 4)); }
            else { kk = e / (TM / 4); r = 4 * (e % (TM / 4)); }
            load_a(row0 + r, k0 + kk, M, k_end, a[i]);
        }
#pragma unroll
        for (int i = 0; i < S::B_GROUPS; i++) {
            int e = tid + i * TILE_THREADS;
            int c, kk;
            if (load_b.k_fastest) { c = e / (TILE_K / 4); kk = 4 * (e % (TILE_K / 4)); }
            else { kk = e / (S::TN / 4); c = 4 * (e % (S::TN / 4)); }
            load_b(k0 + kk, col0 + c, k_end, N, b[i]);
        }
    }

    template <class Math>
    __device__ __forceinline__ void put(const LoadA& load_a, const LoadB& load_b, float* as, float* bs,
                                        int tid) const {
#pragma unroll
        for (int i = 0; i < S::A_GROUPS; i++) {
            int e = tid + i * TILE_THREADS;
            if (e >= TM * TILE_K / 4) break;
            if (load_a.k_fastest) {
                int r = e / (TILE_K / 4), kk = 4 * (e % (TILE_K / 4));
#pragma unroll
                for (int j = 0; j < 4; j++) as[(kk + j) * S::PA + r] = Math::operand(a[i][j]);
            } else {
                int kk = e / (TM / 4), r = 4 * (e % (TM / 4));
#pragma unroll
                for (int j = 0; j < 4; j++) as[kk * S::PA + r + j] = Math::operand(a[i][j]);
            }
        }
#pragma unroll
        for (int i = 0; i < S::B_GROUPS; i++) {
            int e = tid + i * TILE_THREADS;
            if (load_b.k_fastest) {
                int c = e / (TILE_K / 4), kk = 4 * (e % (TILE_K / 4));
#pragma unroll
                for (int j = 0; j < 4; j++) bs[(kk + j) * S::PB + c] = Math::operand(b[i][j]);
            } else {
                int kk = e / (S::TN / 4), c = 4 * (e % (S::TN / 4));
#pragma unroll
                for (int j = 0; j < 4; j++) bs[kk * S::PB + c + j] = Math::operand(b[i][j]);
            }
        }
    }
};

template <int TM, class Math, class LoadA, class LoadB, class Store>
__device__ void gemm_tile_with(float* smem, int M, int N, int k_begin, int k_end, const LoadA& load_a,
                               const LoadB& load_b, const Store& store) {
    using S = TileShape<TM>;
    // Buffer b of A at smem + b * A_SIZE, of B at smem + 2 * A_SIZE + b * B_SIZE (offsets, not a pointer array,
    // which would live in local memory when indexed by the loop's buffer number).
    constexpr int A_SIZE = TILE_K * S::PA, B_SIZE = TILE_K * S::PB;
    float* const b_base = smem + 2 * A_SIZE;
    const int tid = threadIdx.x;
    const int lane = tid & 31, warp = tid >> 5;
    const int wm = (warp % (TM / 32)) * 32;
    const int wn = (warp / (TM / 32)) * 32;
    const int row0 = blockIdx.y * TM;
    const int col0 = blockIdx.x * S::TN;
    Math math;
    TileLoads<TM, LoadA, LoadB> loads;
    int buf = 0;
    if (k_begin < k_end) {
        loads.fetch(load_a, load_b, M, N, row0, col0, k_begin, k_end, tid);
        loads.template put<Math>(load_a, load_b, smem, b_base, tid);
    }
    __syncthreads();
    for (int k0 = k_begin; k0 < k_end; k0 += TILE_K) {
        bool more = k0 + TILE_K < k_end;
        if (more) loads.fetch(load_a, load_b, M, N, row0, col0, k0 + TILE_K, k_end, tid);
        math.template multiply<S::PA, S::PB>(smem + buf * A_SIZE, b_base + buf * B_SIZE, wm, wn, lane);
        if (more) {
            loads.template put<Math>(load_a, load_b, smem + (buf ^ 1) * A_SIZE, b_base + (buf ^ 1) * B_SIZE, tid);
        }
        __syncthreads();
        buf ^= 1;
    }
    math.store(store, M, N, row0 + wm, col0 + wn, lane);
}

// Picks the tile height and the multiply the launch asked for (LaunchGeometry.gemmTile on the Java side).
template <class LoadA, class LoadB, class Store>
__device__ void gemm_tile(int tile_m, int tf32, int M, int N, int k_begin, int k_end, const LoadA& load_a,
                          const LoadB& load_b, const Store& store) {
    __shared__ __align__(16) float smem[TILE_SMEM_FLOATS];
    if (tf32) {
        if (tile_m == 32) gemm_tile_with<32, Tf32Mma>(smem, M, N, k_begin, k_end, load_a, load_b, store);
        else gemm_tile_with<64, Tf32Mma>(smem, M, N, k_begin, k_end, load_a, load_b, store);
    } else {
        if (tile_m == 32) gemm_tile_with<32, Fp32Fma>(smem, M, N, k_begin, k_end, load_a, load_b, store);
        else gemm_tile_with<64, Fp32Fma>(smem, M, N, k_begin, k_end, load_a, load_b, store);
    }
}
