package dev.cochlea;

import dev.cochlea.nn.Functional;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Reduction;
import dev.cochlea.ops.NormOps;
import org.junit.jupiter.api.Test;

/**
 * Finite-difference checks of every differentiable op through autograd (float32, h = 1e-2, tolerance 1e-2 of the
 * gradient's scale; see {@link GradCheck}). Inputs of ops with kinks (ReLU, max) are spread apart by more than h.
 */
class TensorOpsGradCheckTest {
    private static final double RTOL = 1e-2;
    private static final float H = 1e-2f;
    private final Generator gen = new Generator(42);

    private Tensor rand(int... shape) {
        return Tensor.uniform(dev.cochlea.kernels.Backends.best(), gen, -1f, 1f, shape);
    }

    /** Distinct values at least 2/size apart (a shuffled ramp), so max and ReLU never switch under a nudge of h. */
    private Tensor spread(int... shape) {
        int n = (int) Shape.size(shape);
        int[] perm = gen.permutation(n);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (perm[i] - n / 2f + 0.5f) * 0.1f;
        }
        return Tensor.of(v, shape);
    }

    @Test
    void arithmeticWithBroadcasting() {
        GradCheck.check("add", t -> t[0].add(t[1]), RTOL, H, rand(2, 3, 4), rand(3, 1));
        GradCheck.check("sub", t -> t[0].sub(t[1]), RTOL, H, rand(4), rand(2, 3, 4));
        GradCheck.check("mul", t -> t[0].mul(t[1]), RTOL, H, rand(2, 3, 4), rand(4));
        GradCheck.check("div", t -> t[0].div(t[1].add(3f)), RTOL, H, rand(2, 3), rand(2, 1));
        GradCheck.check("scalar ops", t -> t[0].mul(1.5f).sub(0.5f).div(2f).neg(), RTOL, H, rand(5));
    }

    @Test
    void unaryFunctions() {
        GradCheck.check("exp", t -> t[0].exp(), RTOL, H, rand(6));
        GradCheck.check("log", t -> t[0].add(2f).log(), RTOL, H, rand(6));
        GradCheck.check("sqrt", t -> t[0].add(2f).sqrt(), RTOL, H, rand(6));
        GradCheck.check("tanh", t -> t[0].tanh(), RTOL, H, rand(6));
        GradCheck.check("sigmoid", t -> t[0].sigmoid(), RTOL, H, rand(6));
        GradCheck.check("square", t -> t[0].square(), RTOL, H, rand(6));
        GradCheck.check("relu", t -> t[0].relu(), RTOL, H, spread(8));
    }

    @Test
    void reductionsAndLayout() {
        GradCheck.check("sum", t -> t[0].sum(), RTOL, H, rand(2, 3));
        GradCheck.check("sum(dim)", t -> t[0].sum(1, false), RTOL, H, rand(2, 3, 4));
        GradCheck.check("mean(dim, keepdim)", t -> t[0].mean(0, true), RTOL, H, rand(2, 3));
        GradCheck.check("permute", t -> t[0].permute(2, 0, 1), RTOL, H, rand(2, 3, 4));
        GradCheck.check("transpose+flatten", t -> t[0].transpose(0, 1).flatten(), RTOL, H, rand(2, 3));
    }

    @Test
    void matrixProducts() {
        GradCheck.check("matmul 2-D", t -> t[0].matmul(t[1]), RTOL, H, rand(3, 4), rand(4, 2));
        GradCheck.check("matmul batched", t -> t[0].matmul(t[1]), RTOL, H, rand(2, 3, 4), rand(2, 4, 5));
        GradCheck.check("matmul 3-D x 2-D", t -> t[0].matmul(t[1]), RTOL, H, rand(2, 3, 4), rand(4, 2));
        GradCheck.check("matmul 2-D x 3-D", t -> t[0].matmul(t[1]), RTOL, H, rand(3, 4), rand(2, 4, 2));
        GradCheck.check("matmul vector", t -> t[0].matmul(t[1]), RTOL, H, rand(4), rand(4, 3));
        GradCheck.check("linear", t -> Functional.linear(t[0], t[1], t[2]), RTOL, H, rand(3, 4), rand(5, 4), rand(5));
    }

    @Test
    void convolution() {
        GradCheck.check(
                "conv1d",
                t -> Functional.conv1d(t[0], t[1], t[2], 1, 0, 1),
                RTOL,
                H,
                rand(2, 3, 9),
                rand(4, 3, 3),
                rand(4));
        GradCheck.check(
                "conv1d stride 2 padding 2 dilation 2",
                t -> Functional.conv1d(t[0], t[1], null, 2, 2, 2),
                RTOL,
                H,
                rand(1, 2, 11),
                rand(3, 2, 3));
    }

    @Test
    void normalisationAndPooling() {
        for (int[] shape : new int[][] {{3, 2, 5}, {6, 3}}) {
            int channels = shape[1];
            GradCheck.check(
                    "batch_norm training " + shape.length + "-D",
                    t -> Functional.batchNorm(t[0], null, null, t[1], t[2], true, 0.1f, 1e-5f),
                    RTOL,
                    H,
                    rand(shape),
                    rand(channels),
                    rand(channels));
        }
        Tensor runningMean = rand(2);
        Tensor runningVar = rand(2).square().add(0.5f);
        GradCheck.check(
                "batch_norm eval",
                t -> Functional.batchNorm(t[0], runningMean, runningVar, t[1], t[2], false, 0.1f, 1e-5f),
                RTOL,
                H,
                rand(2, 2, 3),
                rand(2),
                rand(2));
        GradCheck.check("max_pool1d", t -> Functional.maxPool1d(t[0], 3, 2, 1), RTOL, H, spread(2, 2, 9));
        GradCheck.check(
                "batch_norm -> relu -> max_pool1d (fused)",
                t -> NormOps.batchNormReluMaxPool(
                        t[0],
                        3,
                        new NormOps.BatchNormState(null, null, t[1], t[2], 0.1f, 1e-5f),
                        true,
                        4,
                        4,
                        0,
                        "fused"),
                RTOL,
                H,
                spread(2, 3, 9),
                Tensor.of(new float[] {1f, -0.5f, 2f}, 3),
                Tensor.of(new float[] {0.1f, 0.2f, 0f}, 3));
    }

    @Test
    void softmaxAndLosses() {
        GradCheck.check("log_softmax", t -> t[0].logSoftmax(-1), RTOL, H, rand(3, 5));
        GradCheck.check("log_softmax dim 0", t -> t[0].logSoftmax(0), RTOL, H, rand(3, 5));
        GradCheck.check("softmax", t -> t[0].softmax(1), RTOL, H, rand(2, 4));
        Tensor labels = Tensor.labels(1, 0, 4);
        GradCheck.check("cross_entropy", t -> Losses.crossEntropy(t[0], labels), RTOL, H, rand(3, 5));
        GradCheck.check(
                "cross_entropy smoothed, sum",
                t -> Losses.crossEntropy(t[0], labels, 0.2f, Reduction.SUM),
                RTOL,
                H,
                rand(3, 5));
        GradCheck.check(
                "cross_entropy none", t -> Losses.crossEntropy(t[0], labels, 0f, Reduction.NONE), RTOL, H, rand(3, 5));
        GradCheck.check("nll_loss", t -> Losses.nllLoss(t[0].logSoftmax(-1), labels), RTOL, H, rand(3, 5));
    }
}
