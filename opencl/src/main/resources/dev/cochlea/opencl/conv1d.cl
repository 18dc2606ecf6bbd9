// 1-D convolution as implicit GEMM: the im2col matrix is never stored; each tile of it is gathered from x (or gradY)
// straight into local memory. Work-group TILE x TILE, dimension 0 along the GEMM's columns, 1 along its rows, 2 the
// batch entry. Out-of-range taps (padding) read as zero.

// y[n, co, o] = bias[co] + sum over r = (ci, k) of w[co, r] * x[n, ci, o*stride - pad + k*dil].
// GEMM rows: co (M = cout); columns: o (N = lout); depth: r (cin * ksize).
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void conv1d_forward(__global const float* x, __global const float* w, __global const float* bias, int hasBias,
                    __global float* y, int cin, int cout, int len, int ksize, int stride, int pad, int dil,
                    int lout) {
    __local float Ws[TILE][TILE + 1];
    __local float Xs[TILE][TILE + 1];
    const int lx = get_local_id(0);
    const int ly = get_local_id(1);
    const int o = get_group_id(0) * TILE + lx;
    const int co = get_group_id(1) * TILE + ly;
    const int n = get_global_id(2);
    const int depth = cin * ksize;
    __global const float* xn = x + n * cin * len;
    float acc = 0.0f;
    for (int t = 0; t < depth; t += TILE) {
        const int rw = t + lx;
        Ws[ly][lx] = (co < cout && rw < depth) ? w[co * depth + rw] : 0.0f;
        const int rx = t + ly;
        float v = 0.0f;
        if (rx < depth && o < lout) {
            const int ci = rx / ksize;
            const int pos = o * stride - pad + (rx - ci * ksize) * dil;
            if (pos >= 0 && pos < len) {
                v = xn[ci * len + pos];
            }
        }
        Xs[ly][lx] = v;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < TILE; kk++) {
            acc += Ws[ly][kk] * Xs[kk][lx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (co < cout && o < lout) {
        y[(n * cout + co) * lout + o] = acc + (hasBias ? bias[co] : 0.0f);
    }
}

// gradX[n, ci, j] = sum over r = (co, k) of w[co, ci, k] * gradY[n, co, (j + pad - k*dil) / stride], counting only
// taps where that division is exact and lands inside [0, lout). GEMM rows: ci; columns: j; depth: r (cout * ksize).
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void conv1d_backward_input(__global const float* gradY, __global const float* w, __global float* gradX, int cin,
                           int cout, int len, int ksize, int stride, int pad, int dil, int lout) {
    __local float Ws[TILE][TILE + 1];
    __local float Gs[TILE][TILE + 1];
    const int lx = get_local_id(0);
    const int ly = get_local_id(1);
    const int j = get_group_id(0) * TILE + lx;
    const int ci = get_group_id(1) * TILE + ly;
    const int n = get_global_id(2);
    const int depth = cout * ksize;
    __global const float* gn = gradY + n * cout * lout;
    float acc = 0.0f;
    for (int t = 0; t < depth; t += TILE) {
        const int rw = t + lx;
        float wv = 0.0f;
        if (ci < cin && rw < depth) {
            const int co = rw / ksize;
            wv = w[(co * cin + ci) * ksize + (rw - co * ksize)];
        }
        Ws[ly][lx] = wv;
        const int rg = t + ly;
        float g = 0.0f;
        if (rg < depth && j < len) {
            const int co = rg / ksize;
            const int num = j + pad - (rg - co * ksize) * dil;
            if (num >= 0 && num % stride == 0 && num / stride < lout) {
                g = gn[co * lout + num / stride];
            }
        }
        Gs[ly][lx] = g;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < TILE; kk++) {
            acc += Ws[ly][kk] * Gs[kk][lx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (ci < cin && j < len) {
        gradX[(n * cin + ci) * len + j] = acc;
    }
}

// One batch entry's share of gradW: partial[n, co, r] = sum over o of gradY[n, co, o] * x[n, ci, o*stride - pad +
// k*dil] with r = (ci, k). GEMM rows: co; columns: r; depth: o. The entries are summed afterwards (split-K over the
// batch), which gives the GPU more work-groups and shortens each float sum.
__kernel __attribute__((reqd_work_group_size(TILE, TILE, 1)))
void conv1d_backward_weight(__global const float* x, __global const float* gradY, __global float* partial, int cin,
                            int cout, int len, int ksize, int stride, int pad, int dil, int lout) {
    __local float Gs[TILE][TILE + 1];
    __local float Xs[TILE][TILE + 1];
    const int lx = get_local_id(0);
    const int ly = get_local_id(1);
    const int r = get_group_id(0) * TILE + lx;
    const int co = get_group_id(1) * TILE + ly;
    const int n = get_global_id(2);
    const int cols = cin * ksize;
    __global const float* xn = x + n * cin * len;
    __global const float* gn = gradY + n * cout * lout;
    // The column r this work-item loads for: fixed across the loop, so its channel and tap are computed once.
    const int ci = r / ksize;
    const int tap = (r - ci * ksize) * dil - pad;
    float acc = 0.0f;
    for (int t = 0; t < lout; t += TILE) {
        const int og = t + lx;
        Gs[ly][lx] = (co < cout && og < lout) ? gn[co * lout + og] : 0.0f;
        const int ox = t + ly;
        float v = 0.0f;
        if (r < cols && ox < lout) {
            const int pos = ox * stride + tap;
            if (pos >= 0 && pos < len) {
                v = xn[ci * len + pos];
            }
        }
        Xs[ly][lx] = v;
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < TILE; kk++) {
            acc += Gs[ly][kk] * Xs[kk][lx];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (co < cout && r < cols) {
        partial[(n * cout + co) * cols + r] = acc;
    }
}
