package dev.cochlea.kernels;

import java.util.function.Function;

/**
 * The per-element buffers [n] of one Adam step, named so that no two can be swapped by position: the parameter and
 * its gradient, the first and second moments, and the running maximum of the second moment (null unless amsgrad).
 * {@code B} is the buffer type, as in {@link BatchNormBuffers}.
 */
public record AdamBuffers<B>(B param, B grad, B expAvg, B expAvgSq, B maxExpAvgSq) {

    /** The same buffers seen through {@code view} (a backend unwrapping its device buffers); null stays null. */
    public <T> AdamBuffers<T> map(Function<? super B, ? extends T> view) {
        return new AdamBuffers<>(
                BatchNormBuffers.orNull(param, view),
                BatchNormBuffers.orNull(grad, view),
                BatchNormBuffers.orNull(expAvg, view),
                BatchNormBuffers.orNull(expAvgSq, view),
                BatchNormBuffers.orNull(maxExpAvgSq, view));
    }
}
