// Max pooling over x [batch, channels, length] (dev.cochlea.kernels.MaxPool1dParams): one thread per output.
#include "common.cuh"

extern "C" __global__ void maxpool_forward(const float* x, float* y, int* indices, int len, int ks, int stride,
                                           int pad, int lout, long long total) {
    for (long long o = global_index(); o < total; o += global_stride()) {
        long long row = o / lout;
        float best;
        int best_index;
        window_max(x + row * len, len, (int) (o % lout), ks, stride, pad, Identity(), best, best_index);
        y[o] = best;
        indices[o] = best_index;
    }
}

// Adds gradY[o] to gradX at indices[o] of the same row (gradX zero-filled beforehand). Overlapping windows can send
// two outputs to one input, hence the atomic add. With a non-null relu_out, only outputs where relu_out > 0 pass:
// that is ReLU's mask in the fused BatchNorm -> ReLU -> MaxPool backward.
extern "C" __global__ void maxpool_backward_scatter(const float* grad_y, const int* indices, const float* relu_out,
                                                    float* grad_x, int len, int lout, long long total) {
    for (long long o = global_index(); o < total; o += global_stride()) {
        if (relu_out && !(relu_out[o] > 0.0f)) continue;
        long long row = o / lout;
        atomicAdd(grad_x + row * len + indices[o], grad_y[o]);
    }
}
