package dev.cochlea.nn;

/** How a loss combines its per-sample values, as PyTorch's {@code reduction} argument. */
public enum Reduction {
    MEAN,
    SUM,
    NONE
}
