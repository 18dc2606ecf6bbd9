package dev.cochlea.kernels;

import java.util.function.Function;

/**
 * The per-channel buffers [channels] of one batch-norm call, named so that no two can be swapped by position: the
 * affine parameters (gamma, beta; null means 1 and 0), the running statistics (null when not tracked), and the
 * batch statistics a training forward saves for the backward (mean and 1 / sqrt(var + eps)). {@code B} is the
 * buffer type: {@link DeviceBuffer} in {@link Kernels}, a host array ({@code float[]}) inside a backend. Build one
 * with {@link #affine} and the {@code with...} methods.
 */
public record BatchNormBuffers<B>(B gamma, B beta, B runningMean, B runningVar, B saveMean, B saveInvStd) {

    /** Gamma and beta (either may be null), no running or saved statistics yet. */
    public static <B> BatchNormBuffers<B> affine(B gamma, B beta) {
        return new BatchNormBuffers<>(gamma, beta, null, null, null, null);
    }

    /** This with the running mean and variance (null when the layer does not track them). */
    public BatchNormBuffers<B> withRunning(B mean, B var) {
        return new BatchNormBuffers<>(gamma, beta, mean, var, saveMean, saveInvStd);
    }

    /** This with the buffers a training forward writes its batch mean and 1 / std into, and the backward reads. */
    public BatchNormBuffers<B> withSaved(B mean, B invStd) {
        return new BatchNormBuffers<>(gamma, beta, runningMean, runningVar, mean, invStd);
    }

    /** The same buffers seen through {@code view} (a backend unwrapping its device buffers); null stays null. */
    public <T> BatchNormBuffers<T> map(Function<? super B, ? extends T> view) {
        return new BatchNormBuffers<>(
                orNull(gamma, view),
                orNull(beta, view),
                orNull(runningMean, view),
                orNull(runningVar, view),
                orNull(saveMean, view),
                orNull(saveInvStd, view));
    }

    static <B, T> T orNull(B buffer, Function<? super B, ? extends T> view) {
        return buffer == null ? null : view.apply(buffer);
    }
}
