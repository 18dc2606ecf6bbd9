package dev.cochlea.nn;

import dev.cochlea.Tensor;

/** torch.nn.Flatten: flattens every axis from {@code startDim} (default 1, keeping the batch axis). */
public class Flatten extends Module {
    private final int startDim;

    public Flatten() {
        this(1);
    }

    public Flatten(int startDim) {
        this.startDim = startDim;
    }

    public int startDim() {
        return startDim;
    }

    @Override
    public Tensor forward(Tensor input) {
        return input.flatten(startDim);
    }

    @Override
    public String toString() {
        return "Flatten(start_dim=" + startDim + ")";
    }
}
