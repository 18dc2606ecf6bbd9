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

/**
 * Base of the optimizers (torch.optim): one parameter group with a learning rate that schedulers may change.
 * Per-parameter state lives on the parameters' backend and is created on the first step, outside any
 * {@link MemoryScope}. {@link #stateDict()} / {@link #loadStateDict} save and restore it for resuming.
 */
public abstract class Optimizer {
    protected final List<Tensor> params;
    private final Map<String, Tensor> state = new LinkedHashMap<>();
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
                throw new IllegalArgumentException(getClass().getSimpleName()
                        + " can only optimise leaf tensors that require grad, got " + p);
            }
        }
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    /** Updates every parameter that has a gradient. */
    public abstract void step();

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

    /** The state tensor {@code name} of parameter {@code index}, created zero-filled like the parameter on first use. */
    protected Tensor state(int index, String name) {
        return state.computeIfAbsent(index + "." + name,
                k -> MemoryScope.outside(() -> Tensor.zeros(params.get(index).backend(), params.get(index).shape())));
    }


    protected boolean hasState(int index, String name) {
        return state.containsKey(index + "." + name);
    }

    /** State by "paramIndex.name" (e.g. "0.exp_avg"), plus "lr" — what {@link #loadStateDict} needs to resume. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>(state);
        out.put("lr", Tensor.of(params.get(0).backend(), new float[] {lr}, 1));
        return out;
    }

    /** Restores what {@link #stateDict()} saved, checking that each entry belongs to a parameter of the right shape. */
    public void loadStateDict(Map<String, Tensor> saved) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            String key = e.getKey();
            if (key.equals("lr")) {
                continue;
            }
            int dot = key.indexOf('.');
            int index = dot > 0 ? parseIndex(key.substring(0, dot)) : -1;
            if (index < 0 || index >= params.size()) {
                problems.add("state '" + key + "' does not belong to any of the " + params.size() + " parameters");
                continue;
            }
            Tensor value = e.getValue();
            int[] expected = params.get(index).shape();
            if (value.dtype() != DType.FLOAT32 || !Arrays.equals(value.shape(), expected)) {
                problems.add("state '" + key + "' is " + value.dtype() + " " + Shape.str(value.shape())
                        + ", expected FLOAT32 " + Shape.str(expected));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot load optimizer state into " + getClass().getSimpleName() + ":\n  "
                    + String.join("\n  ", problems));
        }
        for (Map.Entry<String, Tensor> e : saved.entrySet()) {
            if (e.getKey().equals("lr")) {
                lr = e.getValue().item();
                continue;
            }
            String key = e.getKey();
            int index = parseIndex(key.substring(0, key.indexOf('.')));
            String name = key.substring(key.indexOf('.') + 1);
            state(index, name).copyFrom(e.getValue());
        }
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
