package dev.cochlea.kernels;

/**
 * Softmax cross-entropy / NLL over logits [rows, classes] and int32 labels [rows] in [0, classes).
 * With label smoothing e, the target is (1 - e) on the label plus e / classes on every class (PyTorch's definition).
 */
public record CrossEntropyParams(int rows, int classes, float labelSmoothing) {

    public CrossEntropyParams {
        if (rows < 1 || classes < 1) {
            throw new IllegalArgumentException(
                    "cross-entropy sizes must be positive: rows=" + rows + " classes=" + classes);
        }
        if (!(labelSmoothing >= 0f && labelSmoothing <= 1f)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1], got " + labelSmoothing);
        }
    }
}
