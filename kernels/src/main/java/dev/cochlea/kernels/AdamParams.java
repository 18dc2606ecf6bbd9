package dev.cochlea.kernels;

/**
 * One step of PyTorch's Adam / AdamW (1.13, single-tensor path), {@code step} counting from 1. Adam adds
 * weightDecay * p to the gradient; AdamW ({@code decoupledWeightDecay}) first scales p by (1 - lr * weightDecay).
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr / (1 - b1^t) * m / (sqrt(v') / sqrt(1 - b2^t) + eps),
 * with v' = max(vmax, v) kept in vmax under amsgrad, else v.
 */
public record AdamParams(float lr, float beta1, float beta2, float eps, float weightDecay,
                         boolean decoupledWeightDecay, boolean amsgrad, long step) {

    public AdamParams {
        if (step < 1) {
            throw new IllegalArgumentException("Adam step counts from 1, got " + step);
        }
    }
}
