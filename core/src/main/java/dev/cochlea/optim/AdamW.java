package dev.cochlea.optim;

import dev.cochlea.Tensor;

import java.util.List;

/** torch.optim.AdamW: Adam with decoupled weight decay (p *= 1 - lr * weight_decay before the update). */
public class AdamW extends Adam {
    public AdamW(List<Tensor> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 1e-2f, false);
    }

    public AdamW(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay,
                 boolean amsgrad) {
        super(params, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }
}
