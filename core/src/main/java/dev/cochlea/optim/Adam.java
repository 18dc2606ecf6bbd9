package dev.cochlea.optim;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.AdamParams;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** torch.optim.Adam (L2 weight decay added to the gradient), optionally AMSGrad; see {@link AdamParams}. */
public class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;
    /** Each parameter's step count (PyTorch's state["step"]), kept on the host: the update needs it as a scalar. */
    private final long[] steps;

    public Adam(List<Tensor> params, float lr) {
        this(params, lr, 0.9f, 0.999f, 1e-8f, 0f, false);
    }

    public Adam(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay, boolean amsgrad) {
        this(params, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    Adam(List<Tensor> params, float lr, float beta1, float beta2, float eps, float weightDecay, boolean amsgrad,
         boolean decoupled) {
        super(params, lr);
        if (!(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f && eps >= 0f && weightDecay >= 0f)) {
            throw new IllegalArgumentException("invalid Adam hyperparameters: betas=(" + beta1 + ", " + beta2 + ") eps="
                    + eps + " weight_decay=" + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
        this.steps = new long[params.size()];
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) {
                continue;
            }
            long step = ++steps[i];
            AdamParams ap = new AdamParams(lr(), beta1, beta2, eps, weightDecay, decoupled, amsgrad, step);
            p.backend().kernels().adamStep(ap, p.buffer(), p.grad().buffer(), state(i, "exp_avg").buffer(),
                    state(i, "exp_avg_sq").buffer(), amsgrad ? state(i, "max_exp_avg_sq").buffer() : null, p.size());
        }
    }

    /** Adds each parameter's step as a one-element int32 tensor "i.step". */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = super.stateDict();
        for (int i = 0; i < params.size(); i++) {
            if (steps[i] > 0) {
                out.put(i + ".step", Tensor.ofInts(params.get(i).backend(), new int[] {(int) steps[i]}, 1));
            }
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> saved) {
        Map<String, Tensor> rest = new LinkedHashMap<>(saved);
        long[] loaded = new long[params.size()];
        for (int i = 0; i < params.size(); i++) {
            Tensor step = rest.remove(i + ".step");
            loaded[i] = step == null ? 0 : (long) step.item();
        }
        super.loadStateDict(rest);
        System.arraycopy(loaded, 0, steps, 0, steps.length);
    }
}
