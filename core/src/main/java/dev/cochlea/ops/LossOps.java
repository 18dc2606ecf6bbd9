package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.CrossEntropyParams;
import dev.cochlea.kernels.CrossEntropySaved;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.nn.Reduction;

/** Softmax cross-entropy (fused with its log-softmax) and negative log-likelihood, with PyTorch's reductions. */
public final class LossOps {
    private LossOps() {}

    public static Tensor crossEntropy(Tensor logits, Tensor labels, float labelSmoothing, Reduction reduction) {
        CrossEntropyParams p = check("cross_entropy", logits, labels, labelSmoothing);
        Kernels kern = logits.backend().kernels();
        Tensor logProbs = Tensor.empty(logits.backend(), logits.shape());
        Tensor losses = Tensor.empty(logits.backend(), p.rows());
        kern.crossEntropyForward(
                p, logits.buffer(), new CrossEntropySaved(logProbs.buffer(), labels.buffer()), losses.buffer());
        Tensor perRow = Autograd.record(
                "cross_entropy",
                losses,
                g -> {
                    Tensor gx = Tensor.empty(logits.backend(), logits.shape());
                    kern.crossEntropyBackward(
                            p, new CrossEntropySaved(logProbs.buffer(), labels.buffer()), g.buffer(), gx.buffer());
                    return new Tensor[] {gx};
                },
                logits);
        return reduce(perRow, reduction);
    }

    /** logProbs [N, C] are log-probabilities (e.g. from logSoftmax). */
    public static Tensor nllLoss(Tensor logProbs, Tensor labels, Reduction reduction) {
        CrossEntropyParams p = check("nll_loss", logProbs, labels, 0f);
        Kernels kern = logProbs.backend().kernels();
        Tensor losses = Tensor.empty(logProbs.backend(), p.rows());
        kern.nllForward(p, logProbs.buffer(), labels.buffer(), losses.buffer());
        Tensor perRow = Autograd.record(
                "nll_loss",
                losses,
                g -> {
                    Tensor gx = Tensor.empty(logProbs.backend(), logProbs.shape());
                    kern.nllBackward(p, labels.buffer(), g.buffer(), gx.buffer());
                    return new Tensor[] {gx};
                },
                logProbs);
        return reduce(perRow, reduction);
    }

    private static Tensor reduce(Tensor perRow, Reduction reduction) {
        switch (reduction) {
            case NONE:
                return perRow;
            case SUM:
                return perRow.sum();
            case MEAN:
                return perRow.mean();
            default:
                throw new AssertionError(reduction);
        }
    }

    private static CrossEntropyParams check(String op, Tensor input, Tensor labels, float labelSmoothing) {
        OpSupport.requireFloat(op, input);
        labels.requireDType(DType.INT32, op + " labels");
        OpSupport.sameBackend(op, input, labels);
        if (input.rank() != 2) {
            throw new IllegalArgumentException(op + ": expected input [N, classes], got " + Shape.str(input.shape()));
        }
        if (labels.rank() != 1 || labels.dim(0) != input.dim(0)) {
            throw new IllegalArgumentException(op + ": expected labels [" + input.dim(0) + "] for input "
                    + Shape.str(input.shape()) + ", got " + Shape.str(labels.shape()));
        }
        int classes = input.dim(1);
        // Labels are few; reading them back buys a clear error instead of an out-of-bounds read in a kernel.
        int[] values = labels.toIntArray();
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] >= classes) {
                throw new IllegalArgumentException(
                        op + ": label " + values[i] + " at position " + i + " is outside [0, " + classes + ")");
            }
        }
        return new CrossEntropyParams(input.dim(0), classes, labelSmoothing);
    }
}
