package dev.cochlea.optim;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.SgdParams;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * torch.optim.SGD with momentum, dampening, Nesterov momentum and L2 weight decay (see {@link SgdParams}). Arguments
 * other than the learning rate come as {@link Options} with PyTorch's defaults, named at the call site:
 * {@code new SGD(params, 0.1f, SGD.options().momentum(0.9f).nesterov(true))}.
 */
public class SGD extends Optimizer {

    /** SGD's keyword arguments besides lr; {@link #options()} gives PyTorch's defaults (all off). */
    public record Options(float momentum, float dampening, boolean nesterov, float weightDecay) {

        public Options momentum(float momentum) {
            return new Options(momentum, dampening, nesterov, weightDecay);
        }

        public Options dampening(float dampening) {
            return new Options(momentum, dampening, nesterov, weightDecay);
        }

        public Options nesterov(boolean nesterov) {
            return new Options(momentum, dampening, nesterov, weightDecay);
        }

        public Options weightDecay(float weightDecay) {
            return new Options(momentum, dampening, nesterov, weightDecay);
        }
    }

    /** No momentum, dampening, Nesterov or weight decay: torch.optim.SGD's defaults. */
    public static Options options() {
        return new Options(0f, 0f, false, 0f);
    }

    private static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final float momentum;
    private final float dampening;
    private final boolean nesterov;
    private final float weightDecay;
    /** Each parameter's momentum buffer (PyTorch's state["momentum_buffer"]), null until its first step. */
    private final Tensor[] momentumBuffers;

    public SGD(List<Tensor> params, float lr) {
        this(params, lr, options());
    }

    public SGD(List<Tensor> params, float lr, Options options) {
        super(params, lr);
        float momentum = options.momentum();
        float dampening = options.dampening();
        boolean nesterov = options.nesterov();
        float weightDecay = options.weightDecay();
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
        this.momentumBuffers = new Tensor[params.size()];
    }

    @Override
    protected void update(int i, Tensor p) {
        boolean first = momentum != 0f && momentumBuffers[i] == null;
        if (first) {
            momentumBuffers[i] = orZeros(null, i);
        }
        SgdParams sp = new SgdParams(lr(), momentum, dampening, nesterov, weightDecay, first);
        p.backend()
                .kernels()
                .sgdStep(
                        sp,
                        p.buffer(),
                        p.grad().buffer(),
                        momentum != 0f ? momentumBuffers[i].buffer() : null,
                        p.size());
    }

    @Override
    protected void namedState(int index, Map<String, Tensor> out) {
        if (momentumBuffers[index] != null) {
            out.put(MOMENTUM_BUFFER, momentumBuffers[index]);
        }
    }

    @Override
    protected Set<String> stateNames() {
        return Set.of(MOMENTUM_BUFFER);
    }

    @Override
    protected Tensor stateToLoad(int index, String name) {
        return momentumBuffers[index] = orZeros(momentumBuffers[index], index);
    }
}
