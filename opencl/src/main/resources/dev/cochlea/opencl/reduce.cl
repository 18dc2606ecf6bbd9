// Reductions and layout changes. Sums are Kahan-compensated per work-item and combined by work-group trees.

#define R_SUM 0
#define R_MAX 1

// x viewed as [outer, reduced, inner]: one work-item per output (o, i), walking r; for short reduced axes.
__kernel void reduce_per_item(__global const float* x, __global float* out, int outer, int reduced, int inner,
                              int op) {
    const int id = get_global_id(0);
    if (id >= outer * inner) {
        return;
    }
    const int o = id / inner;
    const int i = id - o * inner;
    __global const float* p = x + (o * reduced) * inner + i;
    if (op == R_SUM) {
        float sum = 0.0f, comp = 0.0f;
        for (int r = 0; r < reduced; r++) {
            kahan_add(&sum, &comp, p[r * inner]);
        }
        out[id] = sum;
    } else {
        float m = -INFINITY;
        for (int r = 0; r < reduced; r++) {
            m = java_max(m, p[r * inner]);
        }
        out[id] = m;
    }
}

// The same, one work-group per output, for long reduced axes.
__kernel void reduce_per_group(__global const float* x, __global float* out, int inner, int reduced, int op,
                               __local float* scratch) {
    const int id = get_group_id(0);
    const int o = id / inner;
    const int i = id - o * inner;
    __global const float* p = x + (o * reduced) * inner + i;
    const int lid = get_local_id(0);
    const int step = get_local_size(0);
    if (op == R_SUM) {
        float sum = 0.0f, comp = 0.0f;
        for (int r = lid; r < reduced; r += step) {
            kahan_add(&sum, &comp, p[r * inner]);
        }
        sum = group_sum(scratch, sum);
        if (lid == 0) {
            out[id] = sum;
        }
    } else {
        float m = -INFINITY;
        for (int r = lid; r < reduced; r += step) {
            m = java_max(m, p[r * inner]);
        }
        m = group_max(scratch, m);
        if (lid == 0) {
            out[id] = m;
        }
    }
}

// The reverse of broadcasting: one work-group per output element q. With x's strides xStrides, q's own elements
// are q's coordinates (over outShape, 0 on summed axes) plus every coordinate r over sumShape (1 on kept axes).
__kernel void sum_to_shape(__global const float* x, __global float* out, int rank, int summed, int8 outShape8,
                           int8 sumShape8, int8 xStrides8, __local float* scratch) {
    int outShape[8], sumShape[8], xStrides[8];
    vstore8(outShape8, 0, outShape);
    vstore8(sumShape8, 0, sumShape);
    vstore8(xStrides8, 0, xStrides);
    const int q = get_group_id(0);
    const int base = strided_offset(q, rank, outShape, xStrides);
    float sum = 0.0f, comp = 0.0f;
    for (int r = get_local_id(0); r < summed; r += get_local_size(0)) {
        kahan_add(&sum, &comp, x[base + strided_offset(r, rank, sumShape, xStrides)]);
    }
    sum = group_sum(scratch, sum);
    if (get_local_id(0) == 0) {
        out[q] = sum;
    }
}

// out = x with permuted axes: out element i sits at coordinates over outShape; srcStrides are x's strides of the
// axes that out's axes come from.
__kernel void permute(__global const float* x, __global float* out, int n, int rank, int8 outShape8,
                      int8 srcStrides8) {
    const int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    int outShape[8], srcStrides[8];
    vstore8(outShape8, 0, outShape);
    vstore8(srcStrides8, 0, srcStrides);
    out[i] = x[strided_offset(i, rank, outShape, srcStrides)];
}

__kernel void argmax(__global const float* x, __global int* out, int rows, int cols) {
    const int r = get_global_id(0);
    if (r >= rows) {
        return;
    }
    __global const float* row = x + r * cols;
    int best = 0;
    for (int c = 1; c < cols; c++) {
        if (is_greater(row[c], row[best])) {
            best = c;
        }
    }
    out[r] = best;
}

// out[c] = sum over n, l of x[n, c, l]: one work-group per channel (the bias gradient of conv1d).
__kernel void channel_sum(__global const float* x, __global float* out, int batch, int channels, int length,
                          __local float* scratch) {
    const int c = get_group_id(0);
    float sum = 0.0f, comp = 0.0f;
    for (int n = 0; n < batch; n++) {
        __global const float* row = x + (n * channels + c) * length;
        for (int l = get_local_id(0); l < length; l += get_local_size(0)) {
            kahan_add(&sum, &comp, row[l]);
        }
    }
    sum = group_sum(scratch, sum);
    if (get_local_id(0) == 0) {
        out[c] = sum;
    }
}
