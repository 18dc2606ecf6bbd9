package dev.cochlea.nn;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.ops.DropoutOps;

/** torch.nn.Dropout: active in training mode only; masks are drawn from a seeded {@link Generator}. */
public class Dropout extends Module {
    private final float p;
    private final Generator generator;

    public Dropout(float p) {
        this(p, Generator.global());
    }

    public Dropout(float p, Generator generator) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor input) {
        return isTraining() ? DropoutOps.dropout(input, p, generator) : input;
    }

    @Override
    public String toString() {
        return "Dropout(p=" + p + ")";
    }
}
