// Log-softmax and the losses built on it. Row kernels use one work-group per row: a tree max, then a tree sum.

// logsumexp of a row = max + log(sum exp(x - max)); -inf when every entry is -inf (the row has no mass).
inline float row_logsumexp(__global const float* row, int cols, __local float* scratch) {
    float m = -INFINITY;
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) {
        m = java_max(m, row[c]);
    }
    m = group_max(scratch, m);
    if (m == -INFINITY) {
        return m;
    }
    float sum = 0.0f, comp = 0.0f;
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) {
        kahan_add(&sum, &comp, exp(row[c] - m));
    }
    return m + log(group_sum(scratch, sum));
}

__kernel void log_softmax(__global const float* x, __global float* out, int cols, __local float* scratch) {
    const int r = get_group_id(0);
    __global const float* row = x + r * cols;
    const float lse = row_logsumexp(row, cols, scratch);
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) {
        out[r * cols + c] = row[c] - lse;
    }
}

// gradX = gradY - exp(y) * rowSum(gradY).
__kernel void log_softmax_backward(__global const float* y, __global const float* gradY, __global float* gradX,
                                   int cols, __local float* scratch) {
    const int r = get_group_id(0);
    float sum = 0.0f, comp = 0.0f;
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) {
        kahan_add(&sum, &comp, gradY[r * cols + c]);
    }
    sum = group_sum(scratch, sum);
    for (int c = get_local_id(0); c < cols; c += get_local_size(0)) {
        const int i = r * cols + c;
        gradX[i] = gradY[i] - exp(y[i]) * sum;
    }
}

// logProbs = logSoftmax(logits); loss = -(1 - e) logProbs[label] - e / classes * sum(logProbs).
__kernel void cross_entropy_forward(__global const float* logits, __global const int* labels,
                                    __global float* logProbs, __global float* losses, int classes, float smoothing,
                                    __local float* scratch) {
    const int r = get_group_id(0);
    __global const float* row = logits + r * classes;
    const float lse = row_logsumexp(row, classes, scratch);
    float sum = 0.0f, comp = 0.0f;
    for (int c = get_local_id(0); c < classes; c += get_local_size(0)) {
        const float lp = row[c] - lse;
        logProbs[r * classes + c] = lp;
        kahan_add(&sum, &comp, lp);
    }
    sum = group_sum(scratch, sum);
    if (get_local_id(0) == 0) {
        const float picked = row[labels[r]] - lse;
        losses[r] = -(1.0f - smoothing) * picked - smoothing / classes * sum;
    }
}

// gradLogits = gradLosses[r] * (softmax - target), target = (1 - e) onehot(label) + e / classes.
__kernel void cross_entropy_backward(__global const float* logProbs, __global const int* labels,
                                     __global const float* gradLosses, __global float* gradLogits, int rows,
                                     int classes, float smoothing) {
    const int i = get_global_id(0);
    if (i >= rows * classes) {
        return;
    }
    const int r = i / classes;
    const int c = i - r * classes;
    const float target = (c == labels[r] ? 1.0f - smoothing : 0.0f) + smoothing / classes;
    gradLogits[i] = gradLosses[r] * (exp(logProbs[i]) - target);
}

__kernel void nll_forward(__global const float* logProbs, __global const int* labels, __global float* losses,
                          int rows, int classes) {
    const int r = get_global_id(0);
    if (r < rows) {
        losses[r] = -logProbs[r * classes + labels[r]];
    }
}

__kernel void nll_backward(__global const int* labels, __global const float* gradLosses, __global float* gradLogProbs,
                           int rows, int classes) {
    const int i = get_global_id(0);
    if (i >= rows * classes) {
        return;
    }
    const int r = i / classes;
    gradLogProbs[i] = (i - r * classes) == labels[r] ? -gradLosses[r] : 0.0f;
}
