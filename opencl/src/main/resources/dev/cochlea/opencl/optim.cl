// Fused optimizer steps, element by element in float as PyTorch's single-tensor loops (and the reference) do.
#pragma OPENCL FP_CONTRACT OFF

// torch.optim.SGD: d = g + wd p; buf = first ? d : momentum buf + (1 - dampening) d; d = nesterov ? d + momentum buf
// : buf; p -= lr d. hasMomentum is false when momentum is 0 (buf may then be any buffer and is not touched).
__kernel void sgd_step(__global float* param, __global const float* grad, __global float* buf, int n, float lr,
                       float momentum, float dampening, int nesterov, float weightDecay, int firstStep,
                       int hasMomentum) {
    const int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    float d = grad[i];
    if (weightDecay != 0.0f) {
        d += weightDecay * param[i];
    }
    if (hasMomentum) {
        const float b = firstStep ? d : momentum * buf[i] + (1.0f - dampening) * d;
        buf[i] = b;
        d = nesterov ? d + momentum * b : b;
    }
    param[i] -= lr * d;
}

// torch.optim.Adam / AdamW; stepSize = lr / (1 - b1^t), bc2Sqrt = sqrt(1 - b2^t) and decay = 1 - lr wd are the
// per-step scalars, computed on the host in double as Python does.
__kernel void adam_step(__global float* param, __global const float* grad, __global float* expAvg,
                        __global float* expAvgSq, __global float* maxExpAvgSq, int n, float beta1, float beta2,
                        float oneMinusBeta1, float oneMinusBeta2, float eps, float weightDecay, int decoupled,
                        float decay, int amsgrad, float stepSize, float bc2Sqrt) {
    const int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    float g = grad[i];
    float p = param[i];
    if (weightDecay != 0.0f) {
        if (decoupled) {
            p *= decay;
        } else {
            g += weightDecay * p;
        }
    }
    const float m = beta1 * expAvg[i] + oneMinusBeta1 * g;
    const float v = beta2 * expAvgSq[i] + oneMinusBeta2 * g * g;
    expAvg[i] = m;
    expAvgSq[i] = v;
    float vHat = v;
    if (amsgrad) {
        vHat = java_max(maxExpAvgSq[i], v);
        maxExpAvgSq[i] = vHat;
    }
    const float denom = sqrt(vHat) / bc2Sqrt + eps;
    param[i] = p - stepSize * (m / denom); // addcdiv: p + value * (m / denom), rounded as PyTorch does
}
