package dev.cochlea.kernels;

/**
 * One step of PyTorch's Adam / AdamW (1.13, single-tensor path), {@code step} counting from 1. Adam adds
 * weightDecay * p to the gradient; AdamW ({@code decoupledWeightDecay}) first scales p by (1 - lr * weightDecay).
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr / (1 - b1^t) * m / (sqrt(v') / sqrt(1 - b2^t) + eps),
 * with v' = max(vmax, v) kept in vmax under amsgrad, else v.
 */
public record AdamParams(
        float lr,
        float beta1,
        float beta2,
        float eps,
        float weightDecay,
        boolean decoupledWeightDecay,
        boolean amsgrad,
        long step) {

    public AdamParams {
        if (step < 1) {
            throw new IllegalArgumentException("Adam step counts from 1, got " + step);
        }
    }

    // The per-step scalars below are computed in double and rounded once, as PyTorch computes them with Python
    // floats; every backend takes them from here so each formula exists once.

    /** lr / (1 - beta1^t): the learning rate with the first moment's bias correction folded in. */
    public float stepSize() {
        return (float) (lr / (1.0 - Math.pow(beta1, step)));
    }

    /** sqrt(1 - beta2^t): the second moment's bias correction, divided out of sqrt(v). */
    public float bias2Sqrt() {
        return (float) Math.sqrt(1.0 - Math.pow(beta2, step));
    }

    /** 1 - lr * weightDecay: AdamW's factor on the parameter before the update. */
    public float decoupledDecay() {
        return (float) (1.0 - (double) lr * weightDecay);
    }

    /** 1 - beta1, the weight of the new gradient in the first moment. */
    public float oneMinusBeta1() {
        return (float) (1.0 - beta1);
    }

    /** 1 - beta2, the weight of the new squared gradient in the second moment. */
    public float oneMinusBeta2() {
        return (float) (1.0 - beta2);
    }
}
