package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Generator;
import dev.cochlea.Tensor;

/** Inverted dropout: zeroes each element with probability p and scales the rest by 1 / (1 - p). */
public final class DropoutOps {
    private DropoutOps() {}

    public static Tensor dropout(Tensor x, float p, Generator generator) {
        OpSupport.requireFloat("dropout", x);
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        if (p == 0f) {
            return x;
        }
        Tensor mask = Tensor.empty(x.backend(), x.shape());
        Tensor out = Tensor.empty(x.backend(), x.shape());
        x.backend().kernels().dropout(x.buffer(), mask.buffer(), out.buffer(), x.size(), p, generator.nextLong());
        return Autograd.record("dropout", out, g -> new Tensor[] {g.mul(mask)}, x);
    }
}
