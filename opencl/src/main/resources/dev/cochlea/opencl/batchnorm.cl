// Batch normalisation over x [batch, channels, length]. Statistics and gradient sums: one work-group per channel,
// Kahan-compensated per work-item, then a pairwise tree across the group. The variance takes a second pass over
// (x - mean)^2 rather than E[x^2] - mean^2, which cancels badly.

// Per channel: mean, invStd = 1 / sqrt(biased var + eps), and each running average (the variance one unbiased)
// whose flag is set.
__kernel void bn_stats(__global const float* x, __global float* saveMean, __global float* saveInvStd,
                       __global float* runningMean, __global float* runningVar, int updateMean, int updateVar, int batch,
                       int channels, int length, float eps, float momentum, __local float* scratch) {
    const int c = get_group_id(0);
    const int lid = get_local_id(0);
    const int step = get_local_size(0);
    const int total = batch * length;
    const float count = (float) total;
    float sum = 0.0f, comp = 0.0f;
    for (int m = lid; m < total; m += step) {
        kahan_add(&sum, &comp, x[channel_offset(m, c, channels, length)]);
    }
    const float mean = group_sum(scratch, sum) / count;
    float sq = 0.0f;
    comp = 0.0f;
    for (int m = lid; m < total; m += step) {
        const float d = x[channel_offset(m, c, channels, length)] - mean;
        kahan_add(&sq, &comp, d * d);
    }
    const float var = group_sum(scratch, sq) / count;
    if (lid == 0) {
        saveMean[c] = mean;
        saveInvStd[c] = 1.0f / sqrt(var + eps);
        if (updateMean) {
            runningMean[c] = (1.0f - momentum) * runningMean[c] + momentum * mean;
        }
        if (updateVar) {
            runningVar[c] = (1.0f - momentum) * runningVar[c] + momentum * (var * count / (count - 1.0f));
        }
    }
}

// (x - mean) * invStd * gamma[c] + beta[c]; without gamma it counts as 1, without beta as 0.
inline float bn_affine(float x, float mean, float invStd, __global const float* gamma, __global const float* beta,
                       int hasGamma, int hasBeta, int c) {
    const float g = hasGamma ? gamma[c] : 1.0f;
    const float b = hasBeta ? beta[c] : 0.0f;
    return (x - mean) * invStd * g + b;
}

// y = (x - mean) * invStd * gamma + beta, element-wise; training uses the saved statistics.
__kernel void bn_apply(__global const float* x, __global float* y, __global const float* mean,
                       __global const float* invStd, __global const float* gamma, __global const float* beta,
                       int hasGamma, int hasBeta, int channels, int length, int n) {
    const int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    const int c = (i / length) % channels;
    y[i] = bn_affine(x[i], mean[c], invStd[c], gamma, beta, hasGamma, hasBeta, c);
}

// Evaluation mode: the running statistics normalise.
__kernel void bn_inference(__global const float* x, __global float* y, __global const float* runningMean,
                           __global const float* runningVar, __global const float* gamma, __global const float* beta,
                           int hasGamma, int hasBeta, int channels, int length, float eps, int n) {
    const int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    const int c = (i / length) % channels;
    y[i] = bn_affine(x[i], runningMean[c], 1.0f / sqrt(runningVar[c] + eps), gamma, beta, hasGamma, hasBeta, c);
}

// One work-group per channel (scratch: 2 floats per work-item): gradBeta = sum gradY, gradGamma = sum gradY * xhat,
// both in float-float, then
// gradX = gamma * invStd / M * (M gradY - gradBeta - xhat gradGamma).
__kernel void bn_backward(__global const float* x, __global const float* gradY, __global const float* gamma,
                          int hasGamma, __global const float* saveMean, __global const float* saveInvStd,
                          __global float* gradX, __global float* gradGamma, __global float* gradBeta, int writeGamma,
                          int writeBeta, int batch, int channels, int length, __local float* scratch) {
    const int c = get_group_id(0);
    const int lid = get_local_id(0);
    const int step = get_local_size(0);
    const float mean = saveMean[c];
    const float invStd = saveInvStd[c];
    const int total = batch * length;
    float2 sg = (float2) (0.0f, 0.0f);
    float2 sgx = (float2) (0.0f, 0.0f);
    for (int m = lid; m < total; m += step) {
        const int i = channel_offset(m, c, channels, length);
        const float g = gradY[i];
        sg = df_add(sg, (float2) (g, 0.0f));
        sgx = df_add(sgx, df_mul(bn_xhat(x[i], mean, invStd), (float2) (g, 0.0f)));
    }
    const float2 sumGrad = group_sum_df(scratch, sg);
    const float2 sumGradXhat = group_sum_df(scratch, sgx);
    const float count = (float) total;
    const float scale = (hasGamma ? gamma[c] : 1.0f) * invStd / count;
    for (int m = lid; m < total; m += step) {
        const int i = channel_offset(m, c, channels, length);
        gradX[i] = bn_grad_x(gradY[i], bn_xhat(x[i], mean, invStd), count, sumGrad, sumGradXhat, scale);
    }
    if (lid == 0) {
        bn_store_param_grads(c, sumGrad, sumGradXhat, gradGamma, gradBeta, writeGamma, writeBeta);
    }
}
