package dev.cochlea.nn;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backends;
import dev.cochlea.ops.NormOps;

import java.util.ArrayList;
import java.util.List;

/**
 * torch.nn.Sequential: children named "0", "1", ... applied in order. A run of BatchNorm1d -> ReLU -> MaxPool1d
 * on 3-D input is executed as one fused op (same result, without materialising the normalised activations), so
 * conv blocks written layer by layer get the backends' fused kernels. {@code -Dcochlea.fuse=false} turns this off.
 */
public class Sequential extends Module {
    private static volatile boolean fusion = !"false".equalsIgnoreCase(System.getProperty("cochlea.fuse"));

    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    public Sequential add(Module module) {
        registerModule(Integer.toString(layers.size()), module);
        layers.add(module);
        return this;
    }

    public Module get(int index) {
        return layers.get(index);
    }

    public int size() {
        return layers.size();
    }

    public List<Module> layers() {
        return List.copyOf(layers);
    }

    /** Turns the BatchNorm1d -> ReLU -> MaxPool1d fusion on or off for every Sequential (default on). */
    public static void setFusion(boolean enabled) {
        fusion = enabled;
    }

    public static boolean isFusion() {
        return fusion;
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (int i = 0; i < layers.size(); i++) {
            if (fusion && isFusableBlock(i, x)) {
                BatchNorm1d bn = (BatchNorm1d) layers.get(i);
                MaxPool1d pool = (MaxPool1d) layers.get(i + 2);
                String name = bn + " -> ReLU() -> " + pool;
                x = NormOps.batchNormReluMaxPool(x, bn.numFeatures(), bn.beginStep(), bn.usesBatchStatistics(),
                        pool.kernelSize(), pool.stride(), pool.padding(), name);
                i += 2;
            } else {
                x = layers.get(i).forward(x);
            }
        }
        return x;
    }

    private boolean isFusableBlock(int i, Tensor x) {
        return i + 2 < layers.size() && x.rank() == 3
                && layers.get(i).getClass() == BatchNorm1d.class
                && layers.get(i + 1).getClass() == ReLU.class
                && layers.get(i + 2).getClass() == MaxPool1d.class;
    }

    /**
     * The module table plus each layer's output shape for an input of {@code inputShape}, found by running the layers
     * once in evaluation mode without gradients (the model's mode is restored).
     */
    public String summary(int... inputShape) {
        boolean wasTraining = isTraining();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-5s %-58s %-18s %12s%n", "name", "module", "output", "params"));
        eval();
        try (MemoryScope ignored = MemoryScope.open(); Autograd.NoGrad ignored2 = Autograd.noGrad()) {
            Tensor x = Tensor.zeros(parameters().isEmpty() ? Backends.best() : parameters().get(0).backend(), inputShape);
            for (int i = 0; i < layers.size(); i++) {
                Module m = layers.get(i);
                x = m.forward(x);
                sb.append(String.format("%-5s %-58s %-18s %,12d%n", i, m, Shape.str(x.shape()), m.parameterCount()));
            }
        } finally {
            train(wasTraining);
        }
        sb.append(String.format("total trainable parameters: %,d%n", parameterCount()));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Sequential(" + layers.size() + " layers)";
    }
}
