package dev.cochlea.data;

import java.util.Arrays;

/**
 * A dataset whose examples all have one shape and can be written straight into a row of a batch, so that a
 * {@link DataLoader} with no {@link ExampleTransform} fills its batch buffer without an array per example (the
 * allocation that otherwise drives a training loop's young garbage collections). {@link #get(int)} gives the same
 * values as a new {@link Example}.
 */
public interface FixedShapeDataset extends Dataset<Example> {
    /** Every example's shape, without the batch axis (e.g. {@code [1, 32000]}). */
    int[] exampleShape();

    /**
     * Writes example {@code index}'s values, in row-major order, into {@code dst[offset, offset + exampleSize)} and
     * returns its label. Like {@link #get(int)}, callable from several threads at once (on different rows).
     */
    int readInto(int index, float[] dst, int offset);

    /** The values per example: the product of {@link #exampleShape()}. */
    default int exampleSize() {
        return Arrays.stream(exampleShape()).reduce(1, Math::multiplyExact);
    }

    @Override
    default Example get(int index) {
        float[] data = new float[exampleSize()];
        int label = readInto(index, data, 0);
        return new Example(data, exampleShape(), label);
    }
}
