package dev.cochlea.audio;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * SpecAugment's masking, as torchaudio's FrequencyMasking and TimeMasking: sets a band of consecutive rows
 * (frequency) or columns (time) of a spectrogram [bins][frames] to a fill value. The width is drawn uniformly from
 * [0, maxWidth) and the start uniformly from what is left, as torchaudio's mask_along_axis does. The fill is the
 * spectrogram's mean unless one is given: after log scaling, 0 (torchaudio's default) can be the loudest value.
 */
public final class SpectrogramMasking {
    public enum Axis {
        FREQUENCY,
        TIME
    }

    private final Axis axis;
    private final int maxWidth;

    public SpectrogramMasking(Axis axis, int maxWidth) {
        if (maxWidth < 1) {
            throw new IllegalArgumentException("mask width limit must be >= 1, got " + maxWidth);
        }
        this.axis = axis;
        this.maxWidth = maxWidth;
    }

    /** Masks one band in place, filled with the spectrogram's mean; returns the same array. */
    public float[][] apply(float[][] spectrogram, RandomGenerator rng) {
        return apply(spectrogram, mean(spectrogram), rng);
    }

    /** Masks one band in place with {@code fill}; returns the same array. */
    public float[][] apply(float[][] spectrogram, float fill, RandomGenerator rng) {
        int size = axis == Axis.FREQUENCY ? spectrogram.length : spectrogram[0].length;
        double width = rng.nextDouble() * maxWidth;
        double start = rng.nextDouble() * (size - width);
        int from = (int) start;
        int to = from + (int) width; // both truncated, as torchaudio does: at most maxWidth - 1 wide
        for (int i = from; i < to; i++) {
            if (axis == Axis.FREQUENCY) {
                Arrays.fill(spectrogram[i], fill);
            } else {
                for (float[] row : spectrogram) {
                    row[i] = fill;
                }
            }
        }
        return spectrogram;
    }

    private static float mean(float[][] spectrogram) {
        double sum = 0;
        long n = 0;
        for (float[] row : spectrogram) {
            for (float v : row) {
                sum += v;
            }
            n += row.length;
        }
        return n == 0 ? 0f : (float) (sum / n);
    }
}
