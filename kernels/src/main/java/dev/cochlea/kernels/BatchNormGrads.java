package dev.cochlea.kernels;

import java.util.function.Function;

/**
 * The outputs of a batch-norm backward: gradX [batch, channels, length], gradGamma and gradBeta [channels] (either
 * may be null to skip it). {@code B} is the buffer type, as in {@link BatchNormBuffers}.
 */
public record BatchNormGrads<B>(B gradX, B gradGamma, B gradBeta) {

    /** The same buffers seen through {@code view}; null stays null. */
    public <T> BatchNormGrads<T> map(Function<? super B, ? extends T> view) {
        return new BatchNormGrads<>(
                BatchNormBuffers.orNull(gradX, view),
                BatchNormBuffers.orNull(gradGamma, view),
                BatchNormBuffers.orNull(gradBeta, view));
    }
}
