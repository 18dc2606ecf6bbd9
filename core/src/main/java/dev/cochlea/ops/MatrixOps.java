package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.ReduceOp;

/** Matrix products on the backend's gemm: matmul (1-D to 3-D, PyTorch rules) and the fused linear layer. */
public final class MatrixOps {
    private MatrixOps() {}

    public static Tensor matmul(Tensor a, Tensor b) {
        OpSupport.requireFloat("matmul", a, b);
        OpSupport.sameBackend("matmul", a, b);
        if (a.rank() == 0 || b.rank() == 0 || a.rank() > 3 || b.rank() > 3) {
            throw new IllegalArgumentException("matmul supports 1-D to 3-D operands, got " + Shape.str(a.shape())
                    + " and " + Shape.str(b.shape()));
        }
        // Promote vectors to matrices as PyTorch does, and drop the added axis from the result.
        if (a.rank() == 1) {
            Tensor r = matmul(a.reshape(1, a.dim(0)), b);
            return r.reshape(Shape.dropAxis(r.shape(), r.rank() - 2));
        }
        if (b.rank() == 1) {
            Tensor r = matmul(a, b.reshape(b.dim(0), 1));
            return r.reshape(Shape.dropAxis(r.shape(), r.rank() - 1));
        }
        int m = a.dim(-2);
        int k = a.dim(-1);
        int n = b.dim(-1);
        if (b.dim(-2) != k) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape()) + " and " + Shape.str(b.shape())
                    + " cannot be multiplied (" + k + " columns vs " + b.dim(-2) + " rows)");
        }
        if (a.rank() == 3 && b.rank() == 2) {
            // [B, m, k] x [k, n] is one product of the stacked rows.
            return matmul(a.reshape(a.dim(0) * m, k), b).reshape(a.dim(0), m, n);
        }
        int batch = a.rank() == 3 ? a.dim(0) : b.dim(0);
        if (a.rank() == 3 && b.rank() == 3 && a.dim(0) != b.dim(0)) {
            throw new IllegalArgumentException(
                    "matmul: batch sizes differ: " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        boolean batched = a.rank() == 3 || b.rank() == 3;
        int[] outShape = batched ? new int[] {batch, m, n} : new int[] {m, n};
        Tensor out = Tensor.empty(a.backend(), outShape);
        long sa = a.rank() == 3 ? (long) m * k : 0;
        long sb = b.rank() == 3 ? (long) k * n : 0;
        Kernels kern = a.backend().kernels();
        kern.gemm(
                new GemmParams(batched ? batch : 1, m, n, k, false, false, 1f, 0f, sa, sb, (long) m * n),
                a.buffer(),
                b.buffer(),
                out.buffer());
        int bt = batched ? batch : 1;
        return Autograd.record(
                "matmul",
                out,
                g -> {
                    Tensor ga = null;
                    Tensor gb = null;
                    if (a.requiresGrad()) {
                        // dA = dC B^T, summed over the batch when A was shared by every batch entry.
                        Tensor full = Tensor.empty(a.backend(), batched ? new int[] {bt, m, k} : new int[] {m, k});
                        kern.gemm(
                                new GemmParams(bt, m, k, n, false, true, 1f, 0f, (long) m * n, sb, (long) m * k),
                                g.buffer(),
                                b.buffer(),
                                full.buffer());
                        ga = a.rank() == full.rank() ? full : full.sum(0, false);
                    }
                    if (b.requiresGrad()) {
                        Tensor full = Tensor.empty(a.backend(), batched ? new int[] {bt, k, n} : new int[] {k, n});
                        kern.gemm(
                                new GemmParams(bt, k, n, m, true, false, 1f, 0f, sa, (long) m * n, (long) k * n),
                                a.buffer(),
                                g.buffer(),
                                full.buffer());
                        gb = b.rank() == full.rank() ? full : full.sum(0, false);
                    }
                    return new Tensor[] {ga, gb};
                },
                a,
                b);
    }

    /** y = x W^T + b for x [..., in], W [out, in], b [out] or null, as torch.nn.functional.linear. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias, String layer) {
        OpSupport.requireFloat(layer, x, weight, bias);
        OpSupport.sameBackend(layer, x, weight, bias);
        int out = weight.dim(0);
        int in = weight.dim(1);
        if (x.rank() < 1 || x.dim(-1) != in) {
            throw new IllegalArgumentException(
                    layer + ": expected input [..., " + in + "], got " + Shape.str(x.shape()));
        }
        int rows = (int) (x.size() / in);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = out;
        Tensor y = Tensor.empty(x.backend(), outShape);
        Kernels kern = x.backend().kernels();
        kern.gemm(GemmParams.of(rows, out, in, false, true), x.buffer(), weight.buffer(), y.buffer());
        if (bias != null) {
            kern.binary(
                    dev.cochlea.kernels.BinaryOp.ADD,
                    y.buffer(),
                    bias.buffer(),
                    y.buffer(),
                    dev.cochlea.kernels.Broadcast.of(new int[] {rows, out}, new int[] {out}));
        }
        return LayerBackward.record(
                "linear",
                y,
                x,
                weight,
                bias,
                (g, gx) ->
                        kern.gemm(GemmParams.of(rows, in, out, false, false), g.buffer(), weight.buffer(), gx.buffer()),
                (g, wantWeight, wantBias) -> {
                    Tensor gw = null;
                    Tensor gb = null;
                    if (wantWeight) {
                        gw = Tensor.empty(x.backend(), out, in);
                        kern.gemm(GemmParams.of(out, in, rows, true, false), g.buffer(), x.buffer(), gw.buffer());
                    }
                    if (wantBias) {
                        gb = Tensor.empty(x.backend(), out);
                        kern.reduce(ReduceOp.SUM, g.buffer(), gb.buffer(), 1, rows, out);
                    }
                    return new Tensor[] {gw, gb};
                });
    }
}
