// 1-D convolution as implicit GEMM (TILED_PRODUCT in common.cl): the im2col matrix is never stored; each tile of it
// is gathered from x (or gradY) straight into local memory. Out-of-range taps (padding) read as zero.

// x[n, c, pos], or 0 where pos falls in the padding.
inline float tap(__global const float* xn, int len, int c, int pos) {
    return (pos >= 0 && pos < len) ? xn[c * len + pos] : 0.0f;
}

// gradY[n, c, num / stride] when num is a multiple of stride inside [0, lout * stride), else 0 (no output read it).
inline float strided_tap(__global const float* gn, int lout, int c, int num, int stride) {
    if (num < 0 || num % stride != 0) {
        return 0.0f;
    }
    const int o = num / stride;
    return o < lout ? gn[c * lout + o] : 0.0f;
}

// y[n, co, o] = bias[co] + sum over r = (ci, k) of w[co, r] * x[n, ci, o*stride - pad + k*dil].
// Rows: co; columns: o; depth: r = ci * ksize + k. Batch entry: get_global_id(2).
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void conv1d_forward(__global const float* x, __global const float* w, __global const float* bias, int hasBias,
                    __global float* y, int cin, int cout, int len, int ksize, int stride, int pad, int dil,
                    int lout) {
    const int n = get_global_id(2);
    const int depth = cin * ksize;
    __global const float* xn = x + n * cin * len;
#define A_AT(co, r) w[(co) * depth + (r)]
#define B_AT(r, o) tap(xn, len, (r) / ksize, (o) * stride - pad + ((r) % ksize) * dil)
    TILED_PRODUCT(cout, lout, depth, acc)
#undef A_AT
#undef B_AT
    for (int i = 0; i < WPT; i++) {
        const int co = OUT_ROW(i);
        for (int j = 0; j < WPT; j++) {
            const int o = OUT_COL(j);
            if (co < cout && o < lout) {
                y[(n * cout + co) * lout + o] = acc[i][j] + (hasBias ? bias[co] : 0.0f);
            }
        }
    }
}

// gradX[n, ci, j] = sum over r = (co, k) of w[co, ci, k] * gradY[n, co, (j + pad - k*dil) / stride], counting only
// taps where that division is exact and lands inside [0, lout). Rows: ci; columns: j; depth: r = co * ksize + k.
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void conv1d_backward_input(__global const float* gradY, __global const float* w, __global float* gradX, int cin,
                           int cout, int len, int ksize, int stride, int pad, int dil, int lout) {
    const int n = get_global_id(2);
    const int depth = cout * ksize;
    __global const float* gn = gradY + n * cout * lout;
#define A_AT(ci, r) w[((r) / ksize * cin + (ci)) * ksize + (r) % ksize]
#define B_AT(r, j) strided_tap(gn, lout, (r) / ksize, (j) + pad - ((r) % ksize) * dil, stride)
    TILED_PRODUCT(cin, len, depth, acc)
#undef A_AT
#undef B_AT
    for (int i = 0; i < WPT; i++) {
        const int ci = OUT_ROW(i);
        for (int j = 0; j < WPT; j++) {
            const int col = OUT_COL(j);
            if (ci < cin && col < len) {
                gradX[(n * cin + ci) * len + col] = acc[i][j];
            }
        }
    }
}

// A slice of gradW: partial[z, co, r] = sum over o in this slice's range of gradY[n, co, o] * x[n, ci, o*stride -
// pad + k*dil], r = (ci, k), where z = n * splits + s covers batch entry n and output positions [s*chunk, (s+1)*chunk).
// The slices are summed afterwards (split-K), which gives the device more work-groups and shortens each float sum.
// Rows: co; columns: r; depth: o.
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void conv1d_backward_weight(__global const float* x, __global const float* gradY, __global float* partial, int cin,
                            int cout, int len, int ksize, int stride, int pad, int dil, int lout, int splits,
                            int chunk) {
    const int z = get_global_id(2);
    const int n = z / splits;
    const int o0 = (z - n * splits) * chunk;
    const int depth = min(chunk, lout - o0);
    const int cols = cin * ksize;
    __global const float* xn = x + n * cin * len;
    __global const float* gn = gradY + n * cout * lout + o0;
#define A_AT(co, o) gn[(co) * lout + (o)]
#define B_AT(o, r) tap(xn, len, (r) / ksize, (o0 + (o)) * stride - pad + ((r) % ksize) * dil)
    TILED_PRODUCT(cout, cols, depth, acc)
#undef A_AT
#undef B_AT
    for (int i = 0; i < WPT; i++) {
        const int co = OUT_ROW(i);
        for (int j = 0; j < WPT; j++) {
            const int r = OUT_COL(j);
            if (co < cout && r < cols) {
                partial[(z * cout + co) * cols + r] = acc[i][j];
            }
        }
    }
}
