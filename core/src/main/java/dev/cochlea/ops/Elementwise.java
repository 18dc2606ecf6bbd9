package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.Broadcast;
import dev.cochlea.kernels.UnaryOp;
import java.util.function.UnaryOperator;

/** Element-wise arithmetic with PyTorch broadcasting; each forward sits beside its backward. */
public final class Elementwise {
    private Elementwise() {}

    public static Tensor add(Tensor a, Tensor b) {
        return recordBinary("add", binary(BinaryOp.ADD, a, b), a, b, g -> g, g -> g);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return recordBinary("sub", binary(BinaryOp.SUB, a, b), a, b, g -> g, Tensor::neg);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return recordBinary("mul", binary(BinaryOp.MUL, a, b), a, b, g -> g.mul(b), g -> g.mul(a));
    }

    /** a / b; d/da = 1/b, d/db = -a/b^2 = -out/b. */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.DIV, a, b);
        return recordBinary(
                "div", out, a, b, g -> g.div(b), g -> g.mul(out).div(b).neg());
    }

    /**
     * Records a broadcasting binary op: each input's gradient is {@code gradA} or {@code gradB} of the output's,
     * summed back over the dimensions broadcasting added, and computed only for an input that requires it.
     */
    private static Tensor recordBinary(
            String name, Tensor out, Tensor a, Tensor b, UnaryOperator<Tensor> gradA, UnaryOperator<Tensor> gradB) {
        return Autograd.record(
                name,
                out,
                g -> new Tensor[] {
                    a.requiresGrad() ? LayoutOps.sumTo(gradA.apply(g), a.shape()) : null,
                    b.requiresGrad() ? LayoutOps.sumTo(gradB.apply(g), b.shape()) : null
                },
                a,
                b);
    }

    /** x * scale + shift (scalar arithmetic). */
    public static Tensor affine(Tensor x, float scale, float shift) {
        OpSupport.requireFloat("scalar arithmetic", x);
        Tensor out = Tensor.empty(x.backend(), x.shape());
        x.backend().kernels().affine(x.buffer(), out.buffer(), x.size(), scale, shift);
        return Autograd.record("affine", out, g -> new Tensor[] {g.mul(scale)}, x);
    }

    public static Tensor exp(Tensor x) {
        Tensor out = unary(UnaryOp.EXP, x);
        return Autograd.record("exp", out, g -> new Tensor[] {g.mul(out)}, x);
    }

    public static Tensor log(Tensor x) {
        Tensor out = unary(UnaryOp.LOG, x);
        return Autograd.record("log", out, g -> new Tensor[] {g.div(x)}, x);
    }

    public static Tensor sqrt(Tensor x) {
        Tensor out = unary(UnaryOp.SQRT, x);
        return Autograd.record("sqrt", out, g -> new Tensor[] {g.div(out).mul(0.5f)}, x);
    }

    public static Tensor square(Tensor x) {
        Tensor out = unary(UnaryOp.SQUARE, x);
        return Autograd.record("square", out, g -> new Tensor[] {g.mul(x).mul(2f)}, x);
    }

    public static Tensor relu(Tensor x) {
        Tensor out = unary(UnaryOp.RELU, x);
        return Autograd.record(
                "relu",
                out,
                g -> {
                    Tensor gx = Tensor.empty(x.backend(), x.shape());
                    x.backend().kernels().reluBackward(x.buffer(), g.buffer(), gx.buffer(), x.size());
                    return new Tensor[] {gx};
                },
                x);
    }

    /** d tanh = 1 - tanh^2. */
    public static Tensor tanh(Tensor x) {
        Tensor out = unary(UnaryOp.TANH, x);
        return Autograd.record(
                "tanh", out, g -> new Tensor[] {g.mul(out.square().neg().add(1f))}, x);
    }

    /** d sigmoid = s (1 - s). */
    public static Tensor sigmoid(Tensor x) {
        Tensor out = unary(UnaryOp.SIGMOID, x);
        return Autograd.record(
                "sigmoid", out, g -> new Tensor[] {g.mul(out).mul(out.neg().add(1f))}, x);
    }

    private static Tensor unary(UnaryOp op, Tensor x) {
        OpSupport.requireFloat(op.name().toLowerCase(java.util.Locale.ROOT), x);
        Tensor out = Tensor.empty(x.backend(), x.shape());
        x.backend().kernels().unary(op, x.buffer(), out.buffer(), x.size());
        return out;
    }

    private static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        OpSupport.requireFloat(name, a, b);
        OpSupport.sameBackend(name, a, b);
        Broadcast shape;
        try {
            shape = Broadcast.of(a.shape(), b.shape());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
        Tensor out = Tensor.empty(a.backend(), shape.outShape());
        a.backend().kernels().binary(op, a.buffer(), b.buffer(), out.buffer(), shape);
        return out;
    }
}
