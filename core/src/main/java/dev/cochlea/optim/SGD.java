package dev.cochlea.optim;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.SgdParams;

import java.util.List;

/** torch.optim.SGD with momentum, dampening, Nesterov momentum and L2 weight decay (see {@link SgdParams}). */
public class SGD extends Optimizer {
    private final float momentum;
    private final float dampening;
    private final boolean nesterov;
    private final float weightDecay;

    public SGD(List<Tensor> params, float lr) {
        this(params, lr, 0f, 0f, false, 0f);
    }

    public SGD(List<Tensor> params, float lr, float momentum, float dampening, boolean nesterov, float weightDecay) {
        super(params, lr);
        if (nesterov && (momentum <= 0f || dampening != 0f)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        if (momentum < 0f || weightDecay < 0f) {
            throw new IllegalArgumentException("invalid momentum " + momentum + " or weight decay " + weightDecay);
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) {
                continue;
            }
            boolean first = momentum != 0f && !hasState(i, "momentum_buffer");
            Tensor buffer = momentum != 0f ? state(i, "momentum_buffer") : null;
            SgdParams sp = new SgdParams(lr(), momentum, dampening, nesterov, weightDecay, first);
            p.backend().kernels().sgdStep(sp, p.buffer(), p.grad().buffer(), buffer == null ? null : buffer.buffer(),
                    p.size());
        }
    }
}
