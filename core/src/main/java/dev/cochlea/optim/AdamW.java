package dev.cochlea.optim;

import dev.cochlea.Tensor;
import java.util.List;

/**
 * torch.optim.AdamW: Adam with decoupled weight decay (p *= 1 - lr * weight_decay before the update), taking
 * {@link Adam.Options} whose defaults, from {@link AdamW#options()}, differ from Adam's in the weight decay (1e-2).
 */
public class AdamW extends Adam {

    /** betas (0.9, 0.999), eps 1e-8, weight decay 1e-2, no AMSGrad: torch.optim.AdamW's defaults. */
    public static Options options() {
        return Adam.options().weightDecay(1e-2f);
    }

    public AdamW(List<Tensor> params, float lr) {
        this(params, lr, options());
    }

    public AdamW(List<Tensor> params, float lr, Options options) {
        super(params, lr, options, true);
    }
}
