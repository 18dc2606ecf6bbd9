// Batch normalisation over x [batch, channels, length], statistics per channel (dev.cochlea.kernels.BatchNormParams),
// and the fused BatchNorm -> ReLU -> MaxPool forward. Per-channel statistics use one block per channel.
#include "common.cuh"

// Training statistics: mean, then the biased variance as the mean of squared deviations (a second pass over the
// channel, which loses far less precision than E[x^2] - E[x]^2). Updates the running statistics when given,
// with the unbiased variance as PyTorch does.
extern "C" __global__ void bn_stats(const float* x, float* save_mean, float* save_inv_std, float* running_mean,
                                    float* running_var, int batch, int channels, int len, float eps,
                                    float momentum) {
    int c = blockIdx.x;
    long long count = (long long) batch * len;
    float sum = 0.0f;
    for (long long e = threadIdx.x; e < count; e += blockDim.x) {
        long long n = e / len, l = e % len;
        sum += x[(n * channels + c) * len + l];
    }
    float mean = block_sum(sum) / (float) count;
    float sq = 0.0f;
    for (long long e = threadIdx.x; e < count; e += blockDim.x) {
        long long n = e / len, l = e % len;
        float d = x[(n * channels + c) * len + l] - mean;
        sq += d * d;
    }
    float var = block_sum(sq) / (float) count;
    if (threadIdx.x == 0) {
        save_mean[c] = mean;
        save_inv_std[c] = 1.0f / sqrtf(var + eps);
        if (running_mean) running_mean[c] = (1.0f - momentum) * running_mean[c] + momentum * mean;
        if (running_var) {
            float unbiased = var * (float) count / (float) (count - 1);
            running_var[c] = (1.0f - momentum) * running_var[c] + momentum * unbiased;
        }
    }
}

// The inverse standard deviation of channel c: stored directly (training) or derived from a variance (inference).
__device__ __forceinline__ float inv_std_of(const float* scale_src, int is_var, float eps, int c) {
    return is_var ? 1.0f / sqrtf(scale_src[c] + eps) : scale_src[c];
}

// y = (x - mean) * invStd * gamma + beta; gamma/beta null mean 1/0.
extern "C" __global__ void bn_apply(const float* x, const float* mean, const float* scale_src, int is_var, float eps,
                                    const float* gamma, const float* beta, float* y, int channels, int len,
                                    long long total) {
    for (long long i = global_index(); i < total; i += global_stride()) {
        int c = (int) ((i / len) % channels);
        float z = (x[i] - mean[c]) * inv_std_of(scale_src, is_var, eps, c);
        if (gamma) z *= gamma[c];
        if (beta) z += beta[c];
        y[i] = z;
    }
}

// Per channel: sums[c] = sum(gradY), sums[channels + c] = sum(gradY * xhat); copied to gradBeta/gradGamma if given.
// The gradient below subtracts these from M gradY, and for small M (or gradY nearly constant over a channel) the
// terms cancel almost exactly, so the sums and that combination are carried in double.
extern "C" __global__ void bn_backward_reduce(const float* x, const float* grad_y, const float* mean,
                                              const float* inv_std, double* sums, float* grad_gamma,
                                              float* grad_beta, int batch, int channels, int len) {
    int c = blockIdx.x;
    long long count = (long long) batch * len;
    double m = mean[c], s = inv_std[c];
    double g = 0.0, gx = 0.0;
    for (long long e = threadIdx.x; e < count; e += blockDim.x) {
        long long n = e / len, l = e % len;
        long long i = (n * channels + c) * len + l;
        double gy = grad_y[i];
        g += gy;
        gx += gy * ((x[i] - m) * s);
    }
    g = block_sum_double(g);
    gx = block_sum_double(gx);
    if (threadIdx.x == 0) {
        sums[c] = g;
        sums[channels + c] = gx;
        if (grad_beta) grad_beta[c] = (float) g;
        if (grad_gamma) grad_gamma[c] = (float) gx;
    }
}

// gradX = gamma * invStd / M * (M gradY - sum(gradY) - xhat sum(gradY xhat)), M = batch * length.
extern "C" __global__ void bn_backward_apply(const float* x, const float* grad_y, const float* gamma,
                                             const float* mean, const float* inv_std, const double* sums,
                                             float* grad_x, int channels, int len, long long total, float count) {
    for (long long i = global_index(); i < total; i += global_stride()) {
        int c = (int) ((i / len) % channels);
        double s = inv_std[c];
        double xhat = (x[i] - (double) mean[c]) * s;
        double scale = (gamma ? gamma[c] : 1.0) * s / count;
        grad_x[i] = (float) (scale * ((double) count * grad_y[i] - sums[c] - xhat * sums[channels + c]));
    }
}

// pooled = relu(max over the window of z), z = batchNorm(x) computed on the fly; indices = position of the first
// maximum of z in the input row. Windows are padded with -infinity, so padding never wins.
extern "C" __global__ void bn_relu_maxpool_forward(const float* x, const float* mean, const float* scale_src,
                                                   int is_var, float eps, const float* gamma, const float* beta,
                                                   float* pooled, int* indices, int channels, int len, int ks,
                                                   int stride, int pad, int lout, long long total) {
    for (long long o = global_index(); o < total; o += global_stride()) {
        long long row = o / lout;
        int lo = (int) (o % lout);
        int c = (int) (row % channels);
        float m = mean[c];
        float inv_std = inv_std_of(scale_src, is_var, eps, c);
        float g = gamma ? gamma[c] : 1.0f;
        float shift = beta ? beta[c] : 0.0f;
        const float* xr = x + row * len;
        float best = -CUDART_INF_F;
        int best_index = -1;
        int start = lo * stride - pad;
        for (int k = 0; k < ks; k++) {
            int pos = start + k;
            if (pos < 0 || pos >= len) continue;
            float z = (xr[pos] - m) * inv_std * g + shift;  // bn_apply's order of operations
            if (best_index < 0 || is_greater(z, best)) {
                best = z;
                best_index = pos;
            }
        }
        pooled[o] = best > 0.0f ? best : 0.0f;
        indices[o] = best_index;
    }
}
