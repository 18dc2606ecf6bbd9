package dev.cochlea.data;

import java.util.Arrays;

/**
 * One labelled input held on the host: its values in row-major order, their shape (without the batch axis, e.g.
 * {@code [1, 32000]} for a waveform or {@code [64, 201]} for log-mel features) and its class index.
 */
public record Example(float[] data, int[] shape, int label) {
    public Example {
        long size = 1;
        for (int d : shape) {
            if (d < 1) {
                throw new IllegalArgumentException("example shape " + Arrays.toString(shape) + " has a dimension < 1");
            }
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("example shape " + Arrays.toString(shape) + " holds " + size
                    + " values but " + data.length + " were given");
        }
        if (label < 0) {
            throw new IllegalArgumentException("example label must be >= 0, got " + label);
        }
    }

    /** A mono waveform as a one-channel example of shape {@code [1, length]}. */
    public static Example waveform(float[] samples, int label) {
        return new Example(samples, new int[] {1, samples.length}, label);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e
                && label == e.label
                && Arrays.equals(shape, e.shape)
                && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(data) + Arrays.hashCode(shape)) + label;
    }

    @Override
    public String toString() {
        return "Example[shape=" + Arrays.toString(shape) + ", label=" + label + "]";
    }
}
