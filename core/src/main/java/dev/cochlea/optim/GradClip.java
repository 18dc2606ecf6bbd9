package dev.cochlea.optim;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.UnaryOp;
import java.util.List;

/** Gradient clipping, as torch.nn.utils.clip_grad_norm_. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients by max_norm / (total_norm + 1e-6) when that is below 1, where total_norm is the L2 norm of
     * all gradients together. Returns total_norm (before clipping).
     */
    public static float clipGradNorm(List<Tensor> params, float maxNorm) {
        double sumSquares = 0;
        try (MemoryScope ignored = MemoryScope.open();
                Autograd.NoGrad ignored2 = Autograd.noGrad()) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                Kernels k = g.backend().kernels();
                Tensor squares = Tensor.empty(g.backend(), g.shape());
                k.unary(UnaryOp.SQUARE, g.buffer(), squares.buffer(), g.size());
                Tensor total = Tensor.empty(g.backend(), 1);
                k.reduce(ReduceOp.SUM, squares.buffer(), total.buffer(), 1, (int) g.size(), 1);
                sumSquares += total.item();
            }
        }
        float totalNorm = (float) Math.sqrt(sumSquares);
        float coef = maxNorm / (totalNorm + 1e-6f);
        if (coef < 1f) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    g.backend().kernels().affine(g.buffer(), g.buffer(), g.size(), coef, 0f);
                }
            }
        }
        return totalNorm;
    }
}
