package dev.cochlea.io;

import dev.cochlea.Shape;

/**
 * A tensor's values on the host, as stored in a file: floats for floating-point dtypes, longs for integer ones
 * (exactly one of the two is non-null). {@code dtype} is the safetensors name ("F32", "I64", ...).
 */
public record HostArray(String dtype, int[] shape, float[] floats, long[] longs) {

    public static HostArray ofFloats(float[] values, int... shape) {
        return new HostArray("F32", shape.clone(), values, null);
    }

    public static HostArray ofLongs(long[] values, int... shape) {
        return new HostArray("I64", shape.clone(), null, values);
    }

    public boolean isFloat() {
        return floats != null;
    }

    public long size() {
        return Shape.size(shape);
    }
}
