package dev.cochlea.optim;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.AdamBuffers;
import dev.cochlea.kernels.AdamParams;
import dev.cochlea.kernels.DeviceBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * torch.optim.Adam (L2 weight decay added to the gradient), optionally AMSGrad; see {@link AdamParams}. Arguments
 * other than the learning rate come as {@link Options} with PyTorch's defaults, named at the call site:
 * {@code new Adam(params, 1e-3f, Adam.options().betas(0.9f, 0.99f).amsgrad(true))}.
 */
public class Adam extends Optimizer {

    /** Adam's keyword arguments besides lr; {@link Adam#options()} gives PyTorch's defaults. */
    public record Options(float beta1, float beta2, float eps, float weightDecay, boolean amsgrad) {

        public Options betas(float beta1, float beta2) {
            return new Options(beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options eps(float eps) {
            return new Options(beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options weightDecay(float weightDecay) {
            return new Options(beta1, beta2, eps, weightDecay, amsgrad);
        }

        public Options amsgrad(boolean amsgrad) {
            return new Options(beta1, beta2, eps, weightDecay, amsgrad);
        }
    }

    /** betas (0.9, 0.999), eps 1e-8, no weight decay, no AMSGrad: torch.optim.Adam's defaults. */
    public static Options options() {
        return new Options(0.9f, 0.999f, 1e-8f, 0f, false);
    }

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;
    private final Moments[] moments;

    /**
     * One parameter's state (PyTorch's optimizer.state[p]): the step count, kept on the host because the update needs
     * it as a scalar, and the moment estimates, created zero-filled on the parameter's first step.
     */
    private static final class Moments {
        long step;
        Tensor expAvg;
        Tensor expAvgSq;
        Tensor maxExpAvgSq;
    }

    private static final String EXP_AVG = "exp_avg";
    private static final String EXP_AVG_SQ = "exp_avg_sq";
    private static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";
    private static final String STEP = "step";

    public Adam(List<Tensor> params, float lr) {
        this(params, lr, options());
    }

    public Adam(List<Tensor> params, float lr, Options options) {
        this(params, lr, options, false);
    }

    /** {@code decoupled}: AdamW's weight decay, applied to the parameter instead of added to the gradient. */
    Adam(List<Tensor> params, float lr, Options options, boolean decoupled) {
        super(params, lr);
        float beta1 = options.beta1();
        float beta2 = options.beta2();
        float eps = options.eps();
        float weightDecay = options.weightDecay();
        if (!(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f && eps >= 0f && weightDecay >= 0f)) {
            throw new IllegalArgumentException("invalid Adam hyperparameters: betas=(" + beta1 + ", " + beta2 + ") eps="
                    + eps + " weight_decay=" + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.amsgrad = options.amsgrad();
        this.decoupled = decoupled;
        this.moments = new Moments[params.size()];
        for (int i = 0; i < moments.length; i++) {
            moments[i] = new Moments();
        }
    }

    @Override
    protected void update(int i, Tensor p) {
        Moments m = moments[i];
        m.step++;
        m.expAvg = orZeros(m.expAvg, i);
        m.expAvgSq = orZeros(m.expAvgSq, i);
        if (amsgrad) {
            m.maxExpAvgSq = orZeros(m.maxExpAvgSq, i);
        }
        AdamParams ap = new AdamParams(lr(), beta1, beta2, eps, weightDecay, decoupled, amsgrad, m.step);
        AdamBuffers<DeviceBuffer> buffers = new AdamBuffers<>(
                p.buffer(),
                p.grad().buffer(),
                m.expAvg.buffer(),
                m.expAvgSq.buffer(),
                amsgrad ? m.maxExpAvgSq.buffer() : null);
        p.backend().kernels().adamStep(ap, buffers, p.size());
    }

    @Override
    protected void namedState(int index, Map<String, Tensor> out) {
        Moments m = moments[index];
        putIfPresent(out, EXP_AVG, m.expAvg);
        putIfPresent(out, EXP_AVG_SQ, m.expAvgSq);
        putIfPresent(out, MAX_EXP_AVG_SQ, m.maxExpAvgSq);
    }

    private static void putIfPresent(Map<String, Tensor> out, String name, Tensor t) {
        if (t != null) {
            out.put(name, t);
        }
    }

    @Override
    protected Set<String> stateNames() {
        return Set.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ);
    }

    @Override
    protected Tensor stateToLoad(int index, String name) {
        Moments m = moments[index];
        return switch (name) {
            case EXP_AVG -> m.expAvg = orZeros(m.expAvg, index);
            case EXP_AVG_SQ -> m.expAvgSq = orZeros(m.expAvgSq, index);
            case MAX_EXP_AVG_SQ -> m.maxExpAvgSq = orZeros(m.maxExpAvgSq, index);
            default -> throw new IllegalArgumentException("Adam keeps no state named " + name);
        };
    }

    /** Adds each parameter's step as a one-element int32 tensor "i.step", after the moments and "lr". */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = super.stateDict();
        for (int i = 0; i < params.size(); i++) {
            if (moments[i].step > 0) {
                out.put(
                        new StateKey(i, STEP).toString(),
                        Tensor.ofInts(params.get(i).backend(), new int[] {(int) moments[i].step}, 1));
            }
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> saved) {
        Map<String, Tensor> rest = new LinkedHashMap<>(saved);
        long[] loaded = new long[params.size()];
        for (int i = 0; i < params.size(); i++) {
            Tensor step = rest.remove(new StateKey(i, STEP).toString());
            loaded[i] = step == null ? 0 : (long) step.item();
        }
        super.loadStateDict(rest);
        for (int i = 0; i < params.size(); i++) {
            moments[i].step = loaded[i];
        }
    }
}
