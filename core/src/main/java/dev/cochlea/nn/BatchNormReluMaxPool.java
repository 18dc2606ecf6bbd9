package dev.cochlea.nn;

import dev.cochlea.Tensor;
import java.util.List;

/**
 * The fused step for BatchNorm1d -> ReLU -> MaxPool1d in a {@link Sequential}'s plan: on 3-D input the three layers
 * run as one op ({@link BatchNorm1d#forwardReluMaxPool}, the backends' fused kernel, which never materialises the
 * normalised activations); any other input runs them one after another. Training and evaluation alike; the result
 * equals the three layers in sequence.
 */
public final class BatchNormReluMaxPool implements Sequential.Step {
    private final int first;
    private final BatchNorm1d norm;
    private final ReLU relu;
    private final MaxPool1d pool;

    BatchNormReluMaxPool(int first, BatchNorm1d norm, ReLU relu, MaxPool1d pool) {
        this.first = first;
        this.norm = norm;
        this.relu = relu;
        this.pool = pool;
    }

    /** True when layers i, i + 1, i + 2 are a BatchNorm1d, a ReLU and a MaxPool1d that {@link Fusion} lets fuse. */
    static boolean matches(List<Module> layers, int i) {
        return i + 2 < layers.size()
                && Fusion.runsForwardOf(layers.get(i), BatchNorm1d.class)
                && Fusion.runsForwardOf(layers.get(i + 1), ReLU.class)
                && Fusion.runsForwardOf(layers.get(i + 2), MaxPool1d.class);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3) {
            return pool.forward(relu.forward(norm.forward(x)));
        }
        return norm.forwardReluMaxPool(x, pool);
    }

    @Override
    public int first() {
        return first;
    }

    @Override
    public int count() {
        return 3;
    }

    @Override
    public String describe() {
        return "fused BatchNorm1d -> ReLU -> MaxPool1d";
    }
}
