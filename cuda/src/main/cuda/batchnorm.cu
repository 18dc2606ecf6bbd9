// Batch normalisation over x [batch, channels, length], statistics per channel (dev.cochlea.kernels.BatchNormParams),
// and the fused BatchNorm -> ReLU -> MaxPool forward.
#include "channel_chunks.cuh"
#include "common.cuh"

// Per-channel statistics run as (channel, chunk) grids (channel_chunks.cuh), then one fixed-order pass per channel
// combines the chunks.

// Training statistics, first pass: each chunk's mean, then the sum of its squared deviations from that mean (a second
// read of the chunk, from cache, which loses far less precision than E[x^2] - E[x]^2). Four independent loads per
// thread per step. partials[(c * chunks + chunk) * 2 + {0, 1}] = {mean, M2} of the chunk.
extern "C" __global__ void bn_stats_partial(const float* x, double* partials, int batch, int channels, int len,
                                            int chunks, int per_chunk) {
    const ChannelChunk k(batch, channels, len, per_chunk);
    float mean = block_sum(chunk_sum(x, k, Identity())) / (float) (k.end - k.begin);
    float m2 = block_sum(chunk_sum(x, k, SquaredDeviation{mean}));
    if (threadIdx.x == 0) {
        partials[k.slot(chunks, 2)] = mean;
        partials[k.slot(chunks, 2) + 1] = m2;
    }
}

// Second pass, one thread per channel: the chunks' (count, mean, M2) merged in chunk order (Chan, Golub & LeVeque,
// "Updating formulae and a pairwise algorithm for computing sample variances", 1979), in double. Writes the mean
// and 1 / std, and updates the running statistics when given, with the unbiased variance as PyTorch does.
extern "C" __global__ void bn_stats_finish(const double* partials, float* save_mean, float* save_inv_std,
                                           float* running_mean, float* running_var, int channels, int count,
                                           int chunks, int per_chunk, float eps, float momentum) {
    for (long long c = global_index(); c < channels; c += global_stride()) {
        double n = 0.0, mean = 0.0, m2 = 0.0;
        for (int k = 0; k < chunks; k++) {
            double nb = (double) min(per_chunk, count - k * per_chunk);
            double mb = partials[2 * (c * chunks + k)];
            double m2b = partials[2 * (c * chunks + k) + 1];
            double total = n + nb;
            double delta = mb - mean;
            mean += delta * nb / total;
            m2 += m2b + delta * delta * n * nb / total;
            n = total;
        }
        float m = (float) mean;
        float var = (float) (m2 / count);
        save_mean[c] = m;
        save_inv_std[c] = 1.0f / sqrtf(var + eps);
        if (running_mean) running_mean[c] = (1.0f - momentum) * running_mean[c] + momentum * m;
        if (running_var) {
            float unbiased = (float) (m2 / (count - 1));
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
// terms cancel almost exactly, so the sums and that combination are carried in double. First pass: a 2-D grid of
// (channel, chunk) blocks writes partials[(c * chunks + chunk) * 2 + {0, 1}].
extern "C" __global__ void bn_backward_partial(const float* x, const float* grad_y, const float* mean,
                                               const float* inv_std, double* partials, int batch, int channels,
                                               int len, int chunks, int per_chunk) {
    const ChannelChunk k(batch, channels, len, per_chunk);
    const double m = mean[k.c], s = inv_std[k.c];
    double g = 0.0, gx = 0.0;
    int e = k.begin + threadIdx.x;
    for (; e + 3 * BLOCK_THREADS < k.end; e += 4 * BLOCK_THREADS) {
        float xv[4], gv[4];
#pragma unroll
        for (int u = 0; u < 4; u++) {
            long long i = k.element(e + u * BLOCK_THREADS);
            xv[u] = x[i];
            gv[u] = grad_y[i];
        }
#pragma unroll
        for (int u = 0; u < 4; u++) {
            g += gv[u];
            gx += gv[u] * ((xv[u] - m) * s);
        }
    }
    for (; e < k.end; e += BLOCK_THREADS) {
        long long i = k.element(e);
        double gy = grad_y[i];
        g += gy;
        gx += gy * ((x[i] - m) * s);
    }
    g = block_sum_double(g);
    gx = block_sum_double(gx);
    if (threadIdx.x == 0) {
        partials[k.slot(chunks, 2)] = g;
        partials[k.slot(chunks, 2) + 1] = gx;
    }
}

// Second pass, one thread per channel, chunks summed in order.
extern "C" __global__ void bn_backward_finish(const double* partials, double* sums, float* grad_gamma,
                                              float* grad_beta, int channels, int chunks) {
    for (long long c = global_index(); c < channels; c += global_stride()) {
        double g = 0.0, gx = 0.0;
        for (int k = 0; k < chunks; k++) {
            g += partials[2 * (c * chunks + k)];
            gx += partials[2 * (c * chunks + k) + 1];
        }
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

// z = (x - mean) * invStd * gamma + beta for one channel, in bn_apply's order of operations.
struct BatchNormAffine {
    float mean, inv_std, gamma, beta;
    __device__ __forceinline__ float operator()(float x) const {
        return (x - mean) * inv_std * gamma + beta;
    }
};

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
        const BatchNormAffine z{mean[c], inv_std_of(scale_src, is_var, eps, c), gamma ? gamma[c] : 1.0f,
                                beta ? beta[c] : 0.0f};
        float best;
        int best_index;
        window_max(x + row * len, len, lo, ks, stride, pad, z, best, best_index);
        pooled[o] = best > 0.0f ? best : 0.0f;
        indices[o] = best_index;
    }
}
