package dev.cochlea.nn;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base class of layers and models, like torch.nn.Module: named parameters, buffers and child modules, train/eval
 * mode, and a state dict whose keys are PyTorch's ("0.weight", "1.running_mean", ...). A subclass registers what it
 * owns in its constructor and implements {@link #forward}; it reads its tensors back with {@link #param} and
 * {@link #buffer} so that {@link #to(Backend)} can move them.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    public abstract Tensor forward(Tensor input);

    // ---- registration ---------------------------------------------------------------------------------------------

    /** Registers a trainable tensor (it is made to require gradients). A null value registers nothing. */
    protected Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (value != null) {
            parameters.put(name, value.requiresGrad(true));
        }
        return value;
    }

    /** Registers state that is saved with the model but not trained (running statistics, counters). */
    protected Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        if (value != null) {
            buffers.put(name, value);
        }
        return value;
    }

    protected <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    /** This module's own parameter called {@code name}, or null if it has none (e.g. a bias-free layer). */
    protected Tensor param(String name) {
        return parameters.get(name);
    }

    protected Tensor buffer(String name) {
        return buffers.get(name);
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("invalid name '" + name + "': must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + " already has a member named '" + name + "'");
        }
    }

    // ---- traversal ------------------------------------------------------------------------------------------------

    /** Every parameter of this module and its descendants, in state-dict order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, false);
        return out;
    }

    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true);
        return out;
    }

    /** Direct children by name. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean params, boolean bufs) {
        if (params) {
            parameters.forEach((n, t) -> out.put(prefix + n, t));
        }
        if (bufs) {
            buffers.forEach((n, t) -> out.put(prefix + n, t));
        }
        children.forEach((n, m) -> m.collect(prefix + n + ".", out, params, bufs));
    }

    // ---- modes ----------------------------------------------------------------------------------------------------

    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(c -> c.train(mode));
        return this;
    }

    public Module train() {
        return train(true);
    }

    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Zeroes every parameter's gradient in place (PyTorch's set_to_none=False: no allocation per step). */
    public void zeroGrad() {
        for (Tensor p : parameters()) {
            if (p.grad() != null) {
                p.grad().backend().kernels().fill(p.grad().buffer(), p.grad().size(), 0f);
            }
        }
    }

    /** Moves every parameter and buffer to {@code backend}; create optimizers after this call. */
    public Module to(Backend backend) {
        MemoryScope.outside(() -> {
            parameters.replaceAll((n, t) ->
                    t.backend() == backend ? t : t.to(backend).detach().requiresGrad(true));
            buffers.replaceAll((n, t) -> t.to(backend));
            return null;
        });
        children.values().forEach(c -> c.to(backend));
        return this;
    }

    // ---- state ----------------------------------------------------------------------------------------------------

    /** Parameters and buffers by their PyTorch names: own parameters, own buffers, then each child's, recursively. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, Tensor> out) {
        parameters.forEach((n, t) -> out.put(prefix + n, t));
        buffers.forEach((n, t) -> out.put(prefix + n, t));
        children.forEach((n, m) -> m.collectState(prefix + n + ".", out));
    }

    /**
     * Copies values into this module's tensors, in place (optimizers keep working). With {@code strict}, any missing
     * or unexpected key fails; a shape mismatch always fails. The error lists every problem, one per line.
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor source = state.get(e.getKey());
            if (source == null) {
                if (strict) {
                    problems.add("missing key '" + e.getKey() + "' (expected shape "
                            + Shape.str(e.getValue().shape()) + ")");
                }
            } else if (!Arrays.equals(source.shape(), e.getValue().shape())) {
                problems.add("size mismatch for '" + e.getKey() + "': the model has shape "
                        + Shape.str(e.getValue().shape()) + ", the state has " + Shape.str(source.shape()));
            } else if (source.dtype() != e.getValue().dtype()) {
                problems.add("dtype mismatch for '" + e.getKey() + "': the model has "
                        + e.getValue().dtype() + ", the state has " + source.dtype());
            }
        }
        if (strict) {
            for (String key : state.keySet()) {
                if (!own.containsKey(key)) {
                    problems.add("unexpected key '" + key + "'");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("error(s) loading the state dict into "
                    + getClass().getSimpleName() + ":\n  " + String.join("\n  ", problems));
        }
        Autograd.noGrad(() -> own.forEach((key, target) -> {
            Tensor source = state.get(key);
            if (source != null) {
                target.copyFrom(source);
            }
        }));
        notifyStateLoaded();
    }

    private void notifyStateLoaded() {
        onStateLoaded();
        children.values().forEach(Module::notifyStateLoaded);
    }

    /** Called after {@link #loadStateDict} changed this module's tensors, for modules that mirror state on the host. */
    protected void onStateLoaded() {}

    public void loadStateDict(Map<String, Tensor> state) {
        loadStateDict(state, true);
    }

    // ---- description ----------------------------------------------------------------------------------------------

    /** Number of trainable elements. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.size();
        }
        return n;
    }

    /** A table of the module tree with each module's own parameter count, and the total. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %-58s %12s%n", "name", "module", "params"));
        appendSummary("", this, sb);
        sb.append(String.format("total trainable parameters: %,d%n", parameterCount()));
        return sb.toString();
    }

    private static void appendSummary(String name, Module m, StringBuilder sb) {
        long own = 0;
        for (Tensor p : m.parameters.values()) {
            own += p.size();
        }
        if (!name.isEmpty() || m.children.isEmpty()) {
            sb.append(String.format("%-12s %-58s %,12d%n", name.isEmpty() ? "(root)" : name, m, own));
        }
        m.children.forEach((n, c) -> appendSummary(name.isEmpty() ? n : name + "." + n, c, sb));
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
