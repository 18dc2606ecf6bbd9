// Max pooling over rows of length len: window o covers positions o*stride - pad + j, j < ksize; positions outside
// the row are -infinity padding and never win. Ties keep the first position; NaN wins (is_greater).

__kernel void maxpool_forward(__global const float* x, __global float* y, __global int* indices, int rows, int len,
                              int ksize, int stride, int pad, int lout) {
    const int id = get_global_id(0);
    if (id >= rows * lout) {
        return;
    }
    const int row = id / lout;
    const int o = id - row * lout;
    __global const float* xr = x + row * len;
    const int start = o * stride - pad;
    int best = -1;
    float bestValue = 0.0f;
    for (int j = max(start, 0); j < min(start + ksize, len); j++) {
        const float v = xr[j];
        if (best < 0 || is_greater(v, bestValue)) {
            best = j;
            bestValue = v;
        }
    }
    y[id] = bestValue;
    indices[id] = best;
}

// The gradient reaching input position j of a row: the sum, in window order, of gradY over the windows that cover j
// and whose maximum came from j (and, for the fused block, whose pooled output passed the ReLU). A gather, so no two
// work-items write the same element and no atomics are needed.
inline float gather_pool_grad(__global const float* gradY, __global const int* indices, __global const float* pooled,
                              int reluMask, int rowOut, int j, int ksize, int stride, int pad, int lout) {
    // Windows o with o*stride - pad <= j <= o*stride - pad + ksize - 1.
    const int hi = min((j + pad) / stride, lout - 1);
    const int lowNum = j + pad - ksize + 1;
    const int lo = lowNum <= 0 ? 0 : (lowNum + stride - 1) / stride;
    float g = 0.0f;
    for (int o = lo; o <= hi; o++) {
        const int at = rowOut + o;
        if (indices[at] == j && (!reluMask || pooled[at] > 0.0f)) {
            g += gradY[at];
        }
    }
    return g;
}

__kernel void maxpool_backward(__global const float* gradY, __global const int* indices, __global float* gradX,
                               int rows, int len, int ksize, int stride, int pad, int lout) {
    const int id = get_global_id(0);
    if (id >= rows * len) {
        return;
    }
    const int row = id / len;
    const int j = id - row * len;
    gradX[id] = gather_pool_grad(gradY, indices, gradY, 0, row * lout, j, ksize, stride, pad, lout);
}

// Fused batch-norm -> ReLU -> max-pool forward: z = (x - mean) * invStd * gamma + beta is computed on the fly for
// each window, pooled = relu(max z) and the index is that of max z. Training passes the batch statistics from
// bn_stats (invStd given); evaluation passes the running mean and variance (invStd = 1 / sqrt(var + eps)).
__kernel void bn_relu_maxpool_forward(__global const float* x, __global const float* mean,
                                      __global const float* spread, int spreadIsVariance, float eps,
                                      __global const float* gamma, __global const float* beta, int hasGamma,
                                      int hasBeta, __global float* pooled, __global int* indices, int batch,
                                      int channels, int len, int ksize, int stride, int pad, int lout) {
    const int id = get_global_id(0);
    if (id >= batch * channels * lout) {
        return;
    }
    const int row = id / lout;
    const int o = id - row * lout;
    const int c = row % channels;
    const float m = mean[c];
    const float invStd = spreadIsVariance ? 1.0f / sqrt(spread[c] + eps) : spread[c];
    const float g = hasGamma ? gamma[c] : 1.0f;
    const float b = hasBeta ? beta[c] : 0.0f;
    __global const float* xr = x + row * len;
    const int start = o * stride - pad;
    int best = -1;
    float bestValue = 0.0f;
    for (int j = max(start, 0); j < min(start + ksize, len); j++) {
        const float z = (xr[j] - m) * invStd * g + b;
        if (best < 0 || is_greater(z, bestValue)) {
            best = j;
            bestValue = z;
        }
    }
    pooled[id] = bestValue > 0.0f ? bestValue : 0.0f; // relu, which maps NaN to 0 as UnaryOp.RELU does
    indices[id] = best;
}

// Fused backward, one work-group per channel: gradZ (the pooled gradient gathered through the ReLU mask) is never
// stored; it is recomputed in the second pass that writes gradX with the batch-norm backward formula.
__kernel void bn_relu_maxpool_backward(__global const float* x, __global const float* gamma, int hasGamma,
                                       __global const float* saveMean, __global const float* saveInvStd,
                                       __global const float* pooled, __global const int* indices,
                                       __global const float* gradPooled, __global float* gradX,
                                       __global float* gradGamma, __global float* gradBeta, int writeGamma,
                                       int writeBeta, int batch, int channels, int len, int ksize, int stride,
                                       int pad, int lout, __local float* scratch) {
    const int c = get_group_id(0);
    const int lid = get_local_id(0);
    const int step = get_local_size(0);
    const float mean = saveMean[c];
    const float invStd = saveInvStd[c];
    const int total = batch * len;
    float2 sg = (float2) (0.0f, 0.0f);
    float2 sgx = (float2) (0.0f, 0.0f);
    for (int m = lid; m < total; m += step) {
        const int n = m / len;
        const int j = m - n * len;
        const int row = n * channels + c;
        const float g = gather_pool_grad(gradPooled, indices, pooled, 1, row * lout, j, ksize, stride, pad, lout);
        sg = df_add(sg, (float2) (g, 0.0f));
        sgx = df_add(sgx, df_mul(bn_xhat(x[row * len + j], mean, invStd), (float2) (g, 0.0f)));
    }
    const float2 sumGrad = group_sum_df(scratch, sg);
    const float2 sumGradXhat = group_sum_df(scratch, sgx);
    const float count = (float) total;
    const float scale = (hasGamma ? gamma[c] : 1.0f) * invStd / count;
    for (int m = lid; m < total; m += step) {
        const int n = m / len;
        const int j = m - n * len;
        const int row = n * channels + c;
        const float g = gather_pool_grad(gradPooled, indices, pooled, 1, row * lout, j, ksize, stride, pad, lout);
        gradX[row * len + j] = bn_grad_x(g, bn_xhat(x[row * len + j], mean, invStd), count, sumGrad, sumGradXhat,
                                         scale);
    }
    if (lid == 0) {
        bn_store_param_grads(c, sumGrad, sumGradXhat, gradGamma, gradBeta, writeGamma, writeBeta);
    }
}
