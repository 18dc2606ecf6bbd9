package dev.cochlea.kernels;

/**
 * Reference optimizer steps, element by element in float32 as PyTorch 1.13's single-tensor (foreach=False) loops do;
 * the per-step scalars (bias corrections) come from {@link AdamParams}, computed in double as Python does.
 */
final class ReferenceOptim {
    private ReferenceOptim() {}

    /** torch.optim.SGD: weight decay, then (dampened, optionally Nesterov) momentum, then p -= lr * d. */
    static void sgd(SgdParams p, float[] param, float[] grad, float[] momentumBuffer, int n) {
        float keep = 1f - p.dampening();
        for (int i = 0; i < n; i++) {
            float d = grad[i];
            if (p.weightDecay() != 0f) {
                d += p.weightDecay() * param[i];
            }
            if (p.momentum() != 0f) {
                float buf = p.firstStep() ? d : p.momentum() * momentumBuffer[i] + keep * d;
                momentumBuffer[i] = buf;
                d = p.nesterov() ? d + p.momentum() * buf : buf;
            }
            param[i] -= p.lr() * d;
        }
    }

    /**
     * torch.optim.Adam / AdamW: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
     * p -= lr / (1 - b1^t) * m / (sqrt(v') / sqrt(1 - b2^t) + eps), v' = running max of v under amsgrad.
     */
    static void adam(
            AdamParams p, float[] param, float[] grad, float[] expAvg, float[] expAvgSq, float[] maxExpAvgSq, int n) {
        float stepSize = p.stepSize();
        float biasCorrection2Sqrt = p.bias2Sqrt();
        float decay = p.decoupledDecay();
        float oneMinusBeta1 = p.oneMinusBeta1();
        float oneMinusBeta2 = p.oneMinusBeta2();
        for (int i = 0; i < n; i++) {
            float g = grad[i];
            if (p.weightDecay() != 0f) {
                if (p.decoupledWeightDecay()) {
                    param[i] *= decay;
                } else {
                    g += p.weightDecay() * param[i];
                }
            }
            expAvg[i] = p.beta1() * expAvg[i] + oneMinusBeta1 * g;
            expAvgSq[i] = p.beta2() * expAvgSq[i] + oneMinusBeta2 * g * g;
            float v = expAvgSq[i];
            if (p.amsgrad()) {
                maxExpAvgSq[i] = Math.max(maxExpAvgSq[i], v);
                v = maxExpAvgSq[i];
            }
            float denom = (float) Math.sqrt(v) / biasCorrection2Sqrt + p.eps();
            param[i] -= stepSize * (expAvg[i] / denom); // addcdiv: p + value * (m / denom)
        }
    }
}
