package dev.cochlea.nn;

import dev.cochlea.Tensor;

/** torch.nn.ReLU. */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }

    @Override
    public String toString() {
        return "ReLU()";
    }
}
