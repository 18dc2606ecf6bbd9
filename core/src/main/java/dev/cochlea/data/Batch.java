package dev.cochlea.data;

import dev.cochlea.Tensor;

/**
 * A mini-batch ready for a model: {@code inputs} of shape {@code [N, ...example shape]} (e.g. {@code [N, 1, L]}),
 * {@code labels} an int32 tensor {@code [N]}, and the dataset indices the rows came from, in row order.
 */
public record Batch(Tensor inputs, Tensor labels, int[] indices) {
    public int size() {
        return indices.length;
    }
}
