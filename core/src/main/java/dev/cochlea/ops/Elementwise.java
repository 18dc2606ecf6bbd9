package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.Broadcast;
import dev.cochlea.kernels.UnaryOp;

/** Element-wise arithmetic with PyTorch broadcasting; each forward sits beside its backward. */
public final class Elementwise {
    private Elementwise() {}

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.ADD, a, b);
        return Autograd.record(
                "add", out, g -> new Tensor[] {LayoutOps.sumTo(g, a.shape()), LayoutOps.sumTo(g, b.shape())}, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.SUB, a, b);
        return Autograd.record(
                "sub",
                out,
                g -> new Tensor[] {
                    LayoutOps.sumTo(g, a.shape()),
                    b.requiresGrad() ? LayoutOps.sumTo(g, b.shape()).neg() : null
                },
                a,
                b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.MUL, a, b);
        return Autograd.record(
                "mul",
                out,
                g -> new Tensor[] {
                    a.requiresGrad() ? LayoutOps.sumTo(g.mul(b), a.shape()) : null,
                    b.requiresGrad() ? LayoutOps.sumTo(g.mul(a), b.shape()) : null
                },
                a,
                b);
    }

    /** a / b; d/da = 1/b, d/db = -a/b^2 = -out/b. */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = binary(BinaryOp.DIV, a, b);
        return Autograd.record(
                "div",
                out,
                g -> new Tensor[] {
                    a.requiresGrad() ? LayoutOps.sumTo(g.div(b), a.shape()) : null,
                    b.requiresGrad() ? LayoutOps.sumTo(g.mul(out).div(b).neg(), b.shape()) : null
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
