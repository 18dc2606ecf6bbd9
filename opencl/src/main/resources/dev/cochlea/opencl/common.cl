// Helpers shared by every kernel family; ProgramCache puts this file in front of each family's source.
// Work-group reductions expect a power-of-two local size and a __local scratch array of that many floats.

// Java's Math.max: NaN wins, so a NaN input propagates as the reference (and PyTorch's amax) does.
inline float java_max(float a, float b) {
    return isnan(a) ? a : (isnan(b) ? b : fmax(a, b));
}

// Java's "v > best, or v is NaN and best is not": the rule argmax and max-pool use to pick the first maximum.
inline bool is_greater(float v, float best) {
    return v > best || (isnan(v) && !isnan(best));
}

// Kahan-compensated accumulation: the long per-work-item sums stay close to the reference's double sums.
inline void kahan_add(float* sum, float* comp, float v) {
    float y = v - *comp;
    float t = *sum + y;
    *comp = (t - *sum) - y;
    *sum = t;
}

// Sum of v over the work-group (a pairwise tree), returned to every work-item.
inline float group_sum(__local float* scratch, float v) {
    const int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE); // earlier readers of scratch are done
    scratch[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (lid < s) {
            scratch[lid] += scratch[lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return scratch[0];
}

// Java_max of v over the work-group, returned to every work-item.
inline float group_max(__local float* scratch, float v) {
    const int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    scratch[lid] = v;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (lid < s) {
            scratch[lid] = java_max(scratch[lid], scratch[lid + s]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return scratch[0];
}

// Row-major multi-index walk: the offset of flat index i of a tensor of the given shape under the given strides.
inline int strided_offset(int i, int rank, const int* shape, const int* strides) {
    int offset = 0;
    for (int axis = rank - 1; axis >= 0; axis--) {
        offset += (i % shape[axis]) * strides[axis];
        i /= shape[axis];
    }
    return offset;
}

// Where the m-th of the batch * length elements of channel c sits in x [batch, channels, length].
inline int channel_offset(int m, int c, int channels, int length) {
    const int n = m / length;
    return (n * channels + c) * length + (m - n * length);
}

// ---- float-float ("double-float") arithmetic: a value is hi + lo with |lo| <= ulp(hi) / 2, about 48 bits.
// Used where float terms cancel (batch-norm backward over few elements); no kernel may rely on fp64 support.
// Contraction is off here: an fma formed by the compiler would break the error-free transformations.
#pragma OPENCL FP_CONTRACT OFF

// s + e == a + b exactly (Knuth's two-sum).
inline float2 two_sum(float a, float b) {
    const float s = a + b;
    const float bb = s - a;
    return (float2) (s, (a - (s - bb)) + (b - bb));
}

// p + e == a * b exactly; OpenCL's fma is correctly rounded on every device.
inline float2 two_prod(float a, float b) {
    const float p = a * b;
    return (float2) (p, fma(a, b, -p));
}

inline float2 df_normalise(float hi, float lo) {
    const float s = hi + lo;
    return (float2) (s, lo - (s - hi));
}

inline float2 df_add(float2 a, float2 b) {
    const float2 s = two_sum(a.x, b.x);
    return df_normalise(s.x, s.y + a.y + b.y);
}

inline float2 df_mul(float2 a, float2 b) {
    const float2 p = two_prod(a.x, b.x);
    return df_normalise(p.x, p.y + (a.x * b.y + a.y * b.x));
}

// Float-float sum over the work-group; scratch holds 2 * local size floats (his, then los).
inline float2 group_sum_df(__local float* scratch, float2 v) {
    const int lid = get_local_id(0);
    const int size = get_local_size(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    scratch[lid] = v.x;
    scratch[size + lid] = v.y;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = size / 2; s > 0; s >>= 1) {
        if (lid < s) {
            const float2 r = df_add((float2) (scratch[lid], scratch[size + lid]),
                                    (float2) (scratch[lid + s], scratch[size + lid + s]));
            scratch[lid] = r.x;
            scratch[size + lid] = r.y;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    return (float2) (scratch[0], scratch[size]);
}

// xhat = (x - mean) * invStd in float-float.
inline float2 bn_xhat(float x, float mean, float invStd) {
    return df_mul(two_sum(x, -mean), (float2) (invStd, 0.0f));
}

// Batch-norm backward for one element: scale * (M gradY - sumGrad - xhat sumGradXhat), scale = gamma invStd / M.
// With few elements per channel the three terms cancel to a tiny remainder, so they are combined in float-float.
inline float bn_grad_x(float gradY, float2 xhat, float count, float2 sumGrad, float2 sumGradXhat, float scale) {
    float2 t = df_add(two_prod(count, gradY), -sumGrad);
    t = df_add(t, -df_mul(xhat, sumGradXhat));
    return scale * (t.x + t.y);
}

// gradGamma[c] = sum gradY * xhat and gradBeta[c] = sum gradY (float-float sums), each only where asked for.
inline void bn_store_param_grads(int c, float2 sumGrad, float2 sumGradXhat, __global float* gradGamma,
                                 __global float* gradBeta, int writeGamma, int writeBeta) {
    if (writeGamma) {
        gradGamma[c] = sumGradXhat.x + sumGradXhat.y;
    }
    if (writeBeta) {
        gradBeta[c] = sumGrad.x + sumGrad.y;
    }
}

#pragma OPENCL FP_CONTRACT ON

// ---- register-blocked tiled product, shared by gemm.cl and conv1d.cl -------------------------------------------
// A TILE x TILE work-group computes a BM x BN block of a product C = A B of depth `depth`; each work-item owns
// WPT x WPT outputs, rows OUT_ROW(i) and columns OUT_COL(j), strided by TILE so that neighbouring work-items load and
// store neighbouring elements. The kernel defines A_AT(row, d) and B_AT(d, col) (gathers, for implicit GEMM) before
// expanding TILED_PRODUCT at its top level; out-of-range elements read as zero. TILE and WPT come from the build
// options.
#define BM (TILE * WPT)
#define BN (TILE * WPT)
#define OUT_ROW(i) (row0_ + ly_ + (i) * TILE)
#define OUT_COL(j) (col0_ + lx_ + (j) * TILE)

#define TILED_PRODUCT(rows, cols, depth, acc)                                                                     \
    __local float As_[TILE][BM + 1]; /* As_[d][r]: a slice of A, transposed so a column of it is contiguous */   \
    __local float Bs_[TILE][BN + 1]; /* Bs_[d][c] */                                                             \
    const int lx_ = get_local_id(0);                                                                              \
    const int ly_ = get_local_id(1);                                                                              \
    const int row0_ = get_group_id(1) * BM;                                                                       \
    const int col0_ = get_group_id(0) * BN;                                                                       \
    float acc[WPT][WPT];                                                                                          \
    for (int i_ = 0; i_ < WPT; i_++) {                                                                            \
        for (int j_ = 0; j_ < WPT; j_++) {                                                                        \
            acc[i_][j_] = 0.0f;                                                                                   \
        }                                                                                                         \
    }                                                                                                             \
    for (int t_ = 0; t_ < (depth); t_ += TILE) {                                                                  \
        for (int i_ = 0; i_ < WPT; i_++) {                                                                        \
            const int r_ = OUT_ROW(i_);                                                                           \
            const int d_ = t_ + lx_;                                                                              \
            As_[lx_][ly_ + i_ * TILE] = (r_ < (rows) && d_ < (depth)) ? A_AT(r_, d_) : 0.0f;                      \
        }                                                                                                         \
        for (int j_ = 0; j_ < WPT; j_++) {                                                                        \
            const int c_ = OUT_COL(j_);                                                                           \
            const int d_ = t_ + ly_;                                                                              \
            Bs_[ly_][lx_ + j_ * TILE] = (c_ < (cols) && d_ < (depth)) ? B_AT(d_, c_) : 0.0f;                      \
        }                                                                                                         \
        barrier(CLK_LOCAL_MEM_FENCE);                                                                             \
        for (int k_ = 0; k_ < TILE; k_++) {                                                                       \
            float a_[WPT], b_[WPT];                                                                               \
            for (int i_ = 0; i_ < WPT; i_++) {                                                                    \
                a_[i_] = As_[k_][ly_ + i_ * TILE];                                                                \
            }                                                                                                     \
            for (int j_ = 0; j_ < WPT; j_++) {                                                                    \
                b_[j_] = Bs_[k_][lx_ + j_ * TILE];                                                                \
            }                                                                                                     \
            for (int i_ = 0; i_ < WPT; i_++) {                                                                    \
                for (int j_ = 0; j_ < WPT; j_++) {                                                                \
                    acc[i_][j_] += a_[i_] * b_[j_];                                                               \
                }                                                                                                 \
            }                                                                                                     \
        }                                                                                                         \
        barrier(CLK_LOCAL_MEM_FENCE);                                                                             \
    }
