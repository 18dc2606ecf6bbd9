// Fused optimizer steps, one thread per parameter element, updating everything in place.
#include "common.cuh"

// PyTorch's SGD (dev.cochlea.kernels.SgdParams); buf may be null when momentum is 0.
extern "C" __global__ void sgd_step(float* param, const float* grad, float* buf, long long n, float lr,
                                    float momentum, float dampening, int nesterov, float weight_decay,
                                    int first_step) {
    for (long long i = global_index(); i < n; i += global_stride()) {
        float p = param[i];
        float d = grad[i];
        if (weight_decay != 0.0f) d += weight_decay * p;
        if (momentum != 0.0f) {
            float b = first_step ? d : momentum * buf[i] + (1.0f - dampening) * d;
            buf[i] = b;
            d = nesterov ? d + momentum * b : b;
        }
        param[i] = p - lr * d;
    }
}

// PyTorch's Adam / AdamW (dev.cochlea.kernels.AdamParams). The host computes the per-step scalars once:
// step_size = lr / (1 - beta1^t), bias2_sqrt = sqrt(1 - beta2^t) and AdamW's decay = 1 - lr * weight_decay.
// max_exp_avg_sq may be null unless amsgrad.
extern "C" __global__ void adam_step(float* param, const float* grad, float* exp_avg, float* exp_avg_sq,
                                     float* max_exp_avg_sq, long long n, float decay, float beta1, float beta2,
                                     float eps, float weight_decay, int decoupled, int amsgrad, float step_size,
                                     float bias2_sqrt) {
    for (long long i = global_index(); i < n; i += global_stride()) {
        float p = param[i];
        float g = grad[i];
        if (weight_decay != 0.0f) {
            if (decoupled) p *= decay;
            else g += weight_decay * p;
        }
        float m = beta1 * exp_avg[i] + (1.0f - beta1) * g;
        float v = beta2 * exp_avg_sq[i] + (1.0f - beta2) * g * g;
        exp_avg[i] = m;
        exp_avg_sq[i] = v;
        if (amsgrad) {
            v = nan_max(max_exp_avg_sq[i], v);
            max_exp_avg_sq[i] = v;
        }
        float denom = sqrtf(v) / bias2_sqrt + eps;
        param[i] = p - step_size * (m / denom);  // addcdiv: p + value * (m / denom)
    }
}
