package dev.cochlea.nn;

import dev.cochlea.Tensor;
import dev.cochlea.ops.LossOps;

/** Loss functions, as torch.nn.functional: logits [N, classes], int32 labels [N] (see {@link Tensor#labels}). */
public final class Losses {
    private Losses() {}

    /** Mean softmax cross-entropy, as torch.nn.CrossEntropyLoss(). */
    public static Tensor crossEntropy(Tensor logits, Tensor labels) {
        return LossOps.crossEntropy(logits, labels, 0f, Reduction.MEAN);
    }

    /** With label smoothing e, the target puts 1 - e on the label and e / classes on every class. */
    public static Tensor crossEntropy(Tensor logits, Tensor labels, float labelSmoothing, Reduction reduction) {
        return LossOps.crossEntropy(logits, labels, labelSmoothing, reduction);
    }

    /** Mean negative log-likelihood of log-probabilities, as torch.nn.NLLLoss(). */
    public static Tensor nllLoss(Tensor logProbs, Tensor labels) {
        return LossOps.nllLoss(logProbs, labels, Reduction.MEAN);
    }

    public static Tensor nllLoss(Tensor logProbs, Tensor labels, Reduction reduction) {
        return LossOps.nllLoss(logProbs, labels, reduction);
    }
}
