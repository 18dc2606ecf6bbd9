package dev.cochlea.cuda;

import dev.cochlea.kernels.AdamParams;

/**
 * The per-step scalars of Adam, computed once on the host in double precision as PyTorch does with Python floats:
 * stepSize = lr / (1 - beta1^t), bias2Sqrt = sqrt(1 - beta2^t), and AdamW's decay factor 1 - lr * weightDecay.
 */
record AdamScalars(float stepSize, float bias2Sqrt, float decay) {

    static AdamScalars of(AdamParams p) {
        double bias1 = 1.0 - Math.pow(p.beta1(), p.step());
        double bias2 = 1.0 - Math.pow(p.beta2(), p.step());
        return new AdamScalars((float) (p.lr() / bias1), (float) Math.sqrt(bias2),
                (float) (1.0 - (double) p.lr() * p.weightDecay()));
    }
}
