package dev.cochlea.kernels;

import java.util.function.Function;

/**
 * The gradients a batch-norm backward reads and writes, named so that no two can be swapped by position: gradY, the
 * gradient reaching the op's output (read; for the fused BatchNorm1d -> ReLU -> MaxPool1d block, the pooled output's
 * [batch, channels, outLength]), and the outputs gradX [batch, channels, length], gradGamma and gradBeta [channels]
 * (either may be null to skip it). {@code B} is the buffer type, as in {@link BatchNormBuffers}.
 */
public record BatchNormGrads<B>(B gradY, B gradX, B gradGamma, B gradBeta) {

    /** These gradients with another incoming one (a fused backward handing its batch norm the gradient at z). */
    public BatchNormGrads<B> withGradY(B incoming) {
        return new BatchNormGrads<>(incoming, gradX, gradGamma, gradBeta);
    }

    /** The same buffers seen through {@code view}; null stays null. */
    public <T> BatchNormGrads<T> map(Function<? super B, ? extends T> view) {
        return new BatchNormGrads<>(
                BatchNormBuffers.orNull(gradY, view),
                BatchNormBuffers.orNull(gradX, view),
                BatchNormBuffers.orNull(gradGamma, view),
                BatchNormBuffers.orNull(gradBeta, view));
    }
}
