package dev.cochlea.io;

import dev.cochlea.Shape;

/**
 * A tensor's values on the host, as stored in a file: floats for floating-point dtypes, longs for integer ones
 * (exactly one of the two is non-null, holding as many values as the shape has elements).
 */
public record HostArray(StoredDType dtype, int[] shape, float[] floats, long[] longs) {

    public HostArray {
        if ((floats == null) == (longs == null)) {
            throw new IllegalArgumentException("a HostArray holds either floats or longs");
        }
        long size = Shape.size(shape);
        int length = floats != null ? floats.length : longs.length;
        if (size != length) {
            throw new IllegalArgumentException(
                    "shape " + Shape.str(shape) + " holds " + size + " elements but " + length + " values were given");
        }
    }

    public static HostArray ofFloats(float[] values, int... shape) {
        return new HostArray(StoredDType.F32, shape.clone(), values, null);
    }

    public static HostArray ofLongs(long[] values, int... shape) {
        return new HostArray(StoredDType.I64, shape.clone(), null, values);
    }

    public boolean isFloat() {
        return floats != null;
    }

    public long size() {
        return Shape.size(shape);
    }
}
