package dev.cochlea.optim;

import dev.cochlea.MemoryScope;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Base of the optimizers (torch.optim): one parameter group with a learning rate that schedulers may change.
 * Per-parameter state lives on the parameters' backend and is created on the first step, outside any
 * {@link MemoryScope}. {@link #stateDict()} / {@link #loadStateDict} save and restore it for resuming.
 */
public abstract class Optimizer {
    protected final List<Tensor> params;
    private float lr;

    protected Optimizer(List<Tensor> params, float lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " got an empty parameter list");
        }
        if (!(lr >= 0f)) {
            throw new IllegalArgumentException("invalid learning rate: " + lr);
        }
        for (Tensor p : params) {
            if (!p.requiresGrad() || !p.isLeaf()) {
                throw new IllegalArgumentException(
                        getClass().getSimpleName() + " can only optimise leaf tensors that require grad, got " + p);
            }
        }
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** Updates every parameter that has a gradient, in parameter order. */
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() != null) {
                update(i, p);
            }
        }
    }

    /** One step of parameter {@code index}, {@code param}, whose gradient is {@code param.grad()}. */
    protected abstract void update(int index, Tensor param);

    public float lr() {
        return lr;
    }

    public void setLr(float lr) {
        this.lr = lr;
    }

    public List<Tensor> params() {
        return params;
    }

    /** Zeroes the gradients in place (no allocation per step). */
    public void zeroGrad() {
        for (Tensor p : params) {
            if (p.grad() != null) {
                p.grad().backend().kernels().fill(p.grad().buffer(), p.grad().size(), 0f);
            }
        }
    }

    /**
     * {@code state} when it exists, else a zero-filled tensor shaped like parameter {@code index}: how a state tensor
     * is created on first use, owned by the optimizer (outside any memory scope).
     */
    protected Tensor orZeros(Tensor state, int index) {
        if (state != null) {
            return state;
        }
        Tensor p = params.get(index);
        return MemoryScope.outside(() -> Tensor.zeros(p.backend(), p.shape()));
    }

    /**
     * Adds parameter {@code index}'s state tensors to {@code out} under their PyTorch names (e.g. "exp_avg"), those
     * that exist so far; the caller prefixes the parameter index.
     */
    protected abstract void namedState(int index, Map<String, Tensor> out);

    /** The names of the state tensors this optimizer may keep per parameter, as a state dict spells them. */
    protected abstract Set<String> stateNames();

    /**
     * The state tensor {@code name} (one of {@link #stateNames()}) of parameter {@code index}, created zero-filled if
     * it does not exist yet: where {@link #loadStateDict} copies a saved tensor.
     */
    protected abstract Tensor stateToLoad(int index, String name);

    /** State by "paramIndex.name" (e.g. "0.exp_avg"), plus "lr" — what {@link #loadStateDict} needs to resume. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Map<String, Tensor> named = new LinkedHashMap<>();
            namedState(i, named);
            int index = i;
            named.forEach((name, t) -> out.put(new StateKey(index, name).toString(), t));
        }
        out.put("lr", Tensor.of(params.get(0).backend(), new float[] {lr}, 1));
        return out;
    }

    /** Restores what {@link #stateDict()} saved, checking that each entry belongs to a parameter of the right shape. */
    public void loadStateDict(Map<String, Tensor> saved) {
        List<String> problems = new ArrayList<>();
        Map<StateKey, Tensor> entries = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            if (e.getKey().equals("lr")) {
                continue;
            }
            StateKey key = StateKey.parse(e.getKey());
            if (key == null || key.param() >= params.size()) {
                problems.add(
                        "state '" + e.getKey() + "' does not belong to any of the " + params.size() + " parameters");
                continue;
            }
            Tensor value = e.getValue();
            int[] expected = params.get(key.param()).shape();
            if (!stateNames().contains(key.name())) {
                problems.add("state '" + key + "' is not kept by " + getClass().getSimpleName() + " (it keeps "
                        + stateNames() + ")");
            } else if (value.dtype() != DType.FLOAT32 || !Arrays.equals(value.shape(), expected)) {
                problems.add("state '" + key + "' is " + value.dtype() + " " + Shape.str(value.shape())
                        + ", expected FLOAT32 " + Shape.str(expected));
            } else {
                entries.put(key, value);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot load optimizer state into "
                    + getClass().getSimpleName() + ":\n  " + String.join("\n  ", problems));
        }
        entries.forEach((key, value) -> stateToLoad(key.param(), key.name()).copyFrom(value));
        Tensor savedLr = saved.get("lr");
        if (savedLr != null) {
            lr = savedLr.item();
        }
    }
}
