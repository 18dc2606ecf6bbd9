// Log-softmax and the losses built on it, over [rows, cols]: one block per row for anything that needs row sums.
#include "common.cuh"

// Writes out[c] = x[c] - logsumexp(x) for one row and returns the row's logsumexp.
__device__ float log_softmax_row(const float* x, float* out, int cols) {
    float m = -CUDART_INF_F;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) m = nan_max(m, x[c]);
    m = block_max(m);
    float s = 0.0f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) s += expf(x[c] - m);
    float lse = m + logf(block_sum(s));
    for (int c = threadIdx.x; c < cols; c += blockDim.x) out[c] = x[c] - lse;
    return lse;
}

extern "C" __global__ void log_softmax_forward(const float* x, float* out, int rows, int cols) {
    long long base = (long long) blockIdx.x * cols;
    log_softmax_row(x + base, out + base, cols);
}

// gradX = gradY - exp(y) * rowSum(gradY).
extern "C" __global__ void log_softmax_backward(const float* y, const float* grad_y, float* grad_x, int rows,
                                                int cols) {
    long long base = (long long) blockIdx.x * cols;
    float s = 0.0f;
    for (int c = threadIdx.x; c < cols; c += blockDim.x) s += grad_y[base + c];
    s = block_sum(s);
    for (int c = threadIdx.x; c < cols; c += blockDim.x) grad_x[base + c] = grad_y[base + c] - expf(y[base + c]) * s;
}

// losses[r] = -(1 - e) logProbs[label] - e / classes * sum(logProbs).
extern "C" __global__ void cross_entropy_forward(const float* logits, const int* labels, float* log_probs,
                                                 float* losses, int rows, int classes, float smoothing) {
    int row = blockIdx.x;
    long long base = (long long) row * classes;
    log_softmax_row(logits + base, log_probs + base, classes);
    float s = 0.0f;
    if (smoothing != 0.0f) {
        // Each thread re-reads the entries it wrote itself.
        for (int c = threadIdx.x; c < classes; c += blockDim.x) s += log_probs[base + c];
    }
    // block_sum's barriers also make every thread's log_probs writes visible to thread 0 below.
    s = block_sum(s);
    if (threadIdx.x == 0) {
        float picked = log_probs[base + labels[row]];
        losses[row] = -(1.0f - smoothing) * picked - smoothing / (float) classes * s;
    }
}

// gradLogits[r, c] = gradLosses[r] * (exp(logProbs[r, c]) - target[r, c]).
extern "C" __global__ void cross_entropy_backward(const float* log_probs, const int* labels, const float* grad_losses,
                                                  float* grad_logits, int rows, int classes, float smoothing) {
    long long total = (long long) rows * classes;
    for (long long i = global_index(); i < total; i += global_stride()) {
        long long r = i / classes;
        int c = (int) (i % classes);
        float target = (c == labels[r] ? 1.0f - smoothing : 0.0f) + smoothing / (float) classes;
        grad_logits[i] = grad_losses[r] * (expf(log_probs[i]) - target);
    }
}

extern "C" __global__ void nll_forward(const float* log_probs, const int* labels, float* losses, int rows,
                                       int classes) {
    for (long long r = global_index(); r < rows; r += global_stride()) {
        losses[r] = -log_probs[r * classes + labels[r]];
    }
}

extern "C" __global__ void nll_backward(const int* labels, const float* grad_losses, float* grad_log_probs, int rows,
                                        int classes) {
    long long total = (long long) rows * classes;
    for (long long i = global_index(); i < total; i += global_stride()) {
        long long r = i / classes;
        int c = (int) (i % classes);
        grad_log_probs[i] = c == labels[r] ? -grad_losses[r] : 0.0f;
    }
}
