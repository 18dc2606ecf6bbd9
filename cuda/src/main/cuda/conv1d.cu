// 1-D convolution (cross-correlation) as implicit GEMM over gemm_tile.cuh: the unfolded (im2col) operand is read
// straight from x or gradY inside the tile loads. Shapes follow dev.cochlea.kernels.Conv1dParams. Each loader call
// decomposes its first index with FastDiv (no integer division) and steps through the other three incrementally.
#include "gemm_tile.cuh"
#include "common.cuh"
#include "fast_div.cuh"

// ---- forward: y[n, co, lo] = sum over (ci, k) of w[co, ci, k] * x[n, ci, lo*stride - pad + k*dil] ----------------
// GEMM with M = cout, N = batch * lout, K = cin * ks.

struct ForwardW {
    const float* w;
    int kdim;
    bool k_fastest;
    __device__ void operator()(int co, int r, int rows, int k_end, float v[4]) const {
        load4(w + (long long) co * kdim + r, co < rows ? k_end - r : 0, v);
    }
};

// The unfolded (im2col) x: element ((ci, k), (n, lo)) is x[n, ci, lo * stride - pad + k * dil], zero in the padding.
struct Im2col {
    const float* x;
    int cin, len, stride, pad, dil, lout;
    FastDiv ks_div, lout_div;
    // Four consecutive (n, lo) from `first` of the unfolded row `unit` = (ci, k); only the first `valid` exist.
    __device__ void load(int unit, int first, int valid, float v[4]) const {
        int ci, k, n, lo;
        ks_div.divmod(unit, ci, k);
        lout_div.divmod(first, n, lo);
        const float* row = x + ((long long) n * cin + ci) * len;
        int pos = lo * stride - pad + k * dil;
        if (stride == 1 && lo + 3 < lout && pos >= 0 && pos + 3 < len && valid > 3) {
            load4(row + pos, 4, v);
            return;
        }
#pragma unroll
        for (int j = 0; j < 4; j++) {
            v[j] = (j < valid && pos >= 0 && pos < len) ? row[pos] : 0.0f;
            pos += stride;
            if (++lo == lout) {
                lo = 0;
                pos = -pad + k * dil;
                row += (long long) cin * len;
            }
        }
    }
};

// The unfolded x as gemm_tile's B operand B[kk][c], four consecutive (n, lo) at a time: the forward reads it as
// K = (ci, k) by N = (n, lo); the weight gradient, Transposed, as K = (n, lo) by N = (ci, k).
template <bool Transposed>
struct UnfoldedX {
    Im2col x;
    bool k_fastest;
    __device__ void operator()(int kk, int c, int k_end, int cols, float v[4]) const {
        if (Transposed ? c >= cols : kk >= k_end) {
            v[0] = v[1] = v[2] = v[3] = 0.0f;
            return;
        }
        if (Transposed) x.load(c, kk, k_end - kk, v);
        else x.load(kk, c, cols - c, v);
    }
};

struct ForwardStore {
    float* y;
    const float* bias;
    int cout, lout;
    FastDiv lout_div;
    __device__ void operator()(int co, int col, float v) const {
        int n, lo;
        lout_div.divmod(col, n, lo);
        y[((long long) n * cout + co) * lout + lo] = bias ? v + bias[co] : v;
    }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv1d_forward(const float* x, const float* w, const float* bias, float* y, int batch, int cin, int cout, int len,
               int ks, int stride, int pad, int dil, int lout, int tile_m, int tf32) {
    ForwardW load_a{w, cin * ks, true};
    UnfoldedX<false> load_b{{x, cin, len, stride, pad, dil, lout, FastDiv(ks), FastDiv(lout)}, false};
    ForwardStore store{y, bias, cout, lout, FastDiv(lout)};
    gemm_tile(tile_m, tf32, cout, batch * lout, 0, cin * ks, load_a, load_b, store);
}

// ---- forward with one input channel (raw audio): direct, exact float32 --------------------------------------------
// A block computes DIRECT_POSITIONS outputs of one clip for 32 output channels (blockIdx.z picks which 32), from the
// stretch of x they cover and the 32 filters, both staged in shared memory. Lane (cg = lane % 8, pg = lane / 8) of
// warp w owns channels cg + 8j (j < 4) and positions 32 w + pg + 4i (i < 8): 32 accumulators for 12 shared reads per
// tap. The host launches it only when the stretch fits (CudaKernels.directConvolutionFits).
#define DIRECT_POSITIONS 256
#define DIRECT_MAX_SPAN 4096
#define DIRECT_MAX_TAPS 127

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv1d_forward_direct(const float* x, const float* w, const float* bias, float* y, int cout, int len, int ks,
                      int stride, int pad, int dil, int lout) {
    __shared__ float xs[DIRECT_MAX_SPAN];
    __shared__ float ws[32 * (DIRECT_MAX_TAPS + 1)];
    const int n = blockIdx.y;
    const int lo0 = blockIdx.x * DIRECT_POSITIONS;
    const int co0 = blockIdx.z * 32;
    const int pitch = ks | 1;  // odd, so the 8 channels a warp reads fall in distinct banks
    const int start = lo0 * stride - pad;
    const int span = (DIRECT_POSITIONS - 1) * stride + (ks - 1) * dil + 1;
    const float* xn = x + (long long) n * len;
    for (int i = threadIdx.x; i < span; i += TILE_THREADS) {
        int pos = start + i;
        xs[i] = (pos >= 0 && pos < len) ? xn[pos] : 0.0f;
    }
    for (int i = threadIdx.x; i < 32 * ks; i += TILE_THREADS) {
        int c = i / ks, k = i - c * ks;
        ws[c * pitch + k] = co0 + c < cout ? w[(long long) (co0 + c) * ks + k] : 0.0f;
    }
    __syncthreads();
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int cg = lane & 7, pg = lane >> 3;
    float acc[8][4];
#pragma unroll
    for (int i = 0; i < 8; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;
    for (int k = 0; k < ks; k++) {
        float wv[4], xv[8];
#pragma unroll
        for (int j = 0; j < 4; j++) wv[j] = ws[(cg + 8 * j) * pitch + k];
#pragma unroll
        for (int i = 0; i < 8; i++) xv[i] = xs[(32 * warp + pg + 4 * i) * stride + k * dil];
#pragma unroll
        for (int i = 0; i < 8; i++)
#pragma unroll
            for (int j = 0; j < 4; j++) acc[i][j] = fmaf(wv[j], xv[i], acc[i][j]);
    }
#pragma unroll
    for (int j = 0; j < 4; j++) {
        int co = co0 + cg + 8 * j;
        if (co >= cout) continue;
        float b = bias ? bias[co] : 0.0f;
        float* yr = y + ((long long) n * cout + co) * lout;
#pragma unroll
        for (int i = 0; i < 8; i++) {
            int lo = lo0 + 32 * warp + pg + 4 * i;
            if (lo < lout) yr[lo] = bias ? acc[i][j] + b : acc[i][j];
        }
    }
}

// ---- backward input: gradX[n, ci, l] = sum over (co, k) of w[co, ci, k] * gradY[n, co, lo] where
// lo * stride - pad + k * dil = l. GEMM with M = cin, N = batch * len, K = cout * ks. ----------------------------

// An A operand whose K index r is (outer, inner), inner < seg, with element (i, r) at
// base[i * row_stride + outer * outer_stride + inner]: four consecutive r are contiguous within a segment.
// The backward input reads w as [ci][(co, k)] (segments of ks, one filter each); the backward weight reads gradY as
// [co][(n, lo)] (segments of lout, one clip each).
struct SegmentedRows {
    const float* base;
    long long row_stride, outer_stride;
    int seg;
    FastDiv seg_div;
    bool k_fastest;
    __device__ void operator()(int i, int r, int rows, int k_end, float v[4]) const {
        if (i >= rows) {
            v[0] = v[1] = v[2] = v[3] = 0.0f;
            return;
        }
        int outer, inner;
        seg_div.divmod(r, outer, inner);
        const float* p = base + i * row_stride + outer * outer_stride;
        if (inner + 3 < seg && r + 3 < k_end) {
            load4(p + inner, 4, v);
            return;
        }
#pragma unroll
        for (int j = 0; j < 4; j++) {
            v[j] = r + j < k_end ? p[inner] : 0.0f;
            if (++inner == seg) {
                inner = 0;
                p += outer_stride;
            }
        }
    }
};

// gradY scattered back: row (co, k), four consecutive columns (n, l).
struct BackInputGradY {
    const float* grad_y;
    int cout, len, stride, pad, dil, lout;
    FastDiv ks_div, len_div, stride_div;
    bool k_fastest;
    __device__ void operator()(int r, int col, int k_end, int cols, float v[4]) const {
        if (r >= k_end) {
            v[0] = v[1] = v[2] = v[3] = 0.0f;
            return;
        }
        int co, k, n, l;
        ks_div.divmod(r, co, k);
        len_div.divmod(col, n, l);
        const float* row = grad_y + ((long long) n * cout + co) * lout;
        int t = l + pad - k * dil;  // lo * stride when the tap lands on l
        if (stride == 1 && l + 3 < len && t >= 0 && t + 3 < lout && col + 3 < cols) {
            load4(row + t, 4, v);
            return;
        }
#pragma unroll
        for (int j = 0; j < 4; j++) {
            float value = 0.0f;
            if (col + j < cols && t >= 0) {
                int lo, rest;
                stride_div.divmod(t, lo, rest);
                if (rest == 0 && lo < lout) value = row[lo];
            }
            v[j] = value;
            t++;
            if (++l == len) {
                l = 0;
                t = pad - k * dil;
                row += (long long) cout * lout;
            }
        }
    }
};

struct BackInputStore {
    float* grad_x;
    int cin, len;
    FastDiv len_div;
    __device__ void operator()(int ci, int col, float v) const {
        int n, l;
        len_div.divmod(col, n, l);
        grad_x[((long long) n * cin + ci) * len + l] = v;
    }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv1d_backward_input(const float* grad_y, const float* w, float* grad_x, int batch, int cin, int cout, int len,
                      int ks, int stride, int pad, int dil, int lout, int tile_m, int tf32) {
    SegmentedRows load_a{w, ks, (long long) cin * ks, ks, FastDiv(ks), true};
    BackInputGradY load_b{grad_y, cout, len, stride, pad, dil, lout, FastDiv(ks), FastDiv(len), FastDiv(stride),
                          false};
    BackInputStore store{grad_x, cin, len, FastDiv(len)};
    gemm_tile(tile_m, tf32, cin, batch * len, 0, cout * ks, load_a, load_b, store);
}

// ---- backward weight: gradW[co, ci, k] = sum over (n, lo) of gradY[n, co, lo] * x[n, ci, lo*stride - pad + k*dil].
// GEMM with M = cout, N = cin * ks, K = batch * lout. K is long (a batch of audio clips) while M and N are small, so
// the launch splits K: blockIdx.z sums k in [z * k_per_split, (z + 1) * k_per_split) into its own slice
// partial[z] [cout, cin * ks]; the host then sums the slices in a fixed order, which keeps the result deterministic.
// With a single split the slice is gradW itself. ------------------------------------------------------------------

struct BackWeightStore {
    float* partial;
    int kdim;
    __device__ void operator()(int co, int col, float v) const { partial[(long long) co * kdim + col] = v; }
};

extern "C" __global__ void __launch_bounds__(TILE_THREADS)
conv1d_backward_weight(const float* x, const float* grad_y, float* partial, int batch, int cin, int cout, int len,
                       int ks, int stride, int pad, int dil, int lout, int k_per_split, int tile_m, int tf32) {
    SegmentedRows load_a{grad_y, lout, (long long) cout * lout, lout, FastDiv(lout), true};
    UnfoldedX<true> load_b{{x, cin, len, stride, pad, dil, lout, FastDiv(ks), FastDiv(lout)}, true};
    long long slice = (long long) cout * cin * ks;
    BackWeightStore store{partial + blockIdx.z * slice, cin * ks};
    int k_total = batch * lout;
    int k_begin = blockIdx.z * k_per_split;
    int k_end = min(k_total, k_begin + k_per_split);
    gemm_tile(tile_m, tf32, cout, cin * ks, k_begin, k_end, load_a, load_b, store);
}
