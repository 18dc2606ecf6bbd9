package dev.cochlea.io;

import java.nio.ByteBuffer;

/**
 * The element types of a safetensors file that Cochlea reads, named as in the file's header: each knows its size in
 * bytes and how to decode one little-endian element. Floating types come back as floats, integer types (and BOOL) as
 * longs; Cochlea writes F32 and I64.
 */
public enum StoredDType {
    F64(8, b -> (float) b.getDouble(), null),
    F32(4, ByteBuffer::getFloat, null),
    F16(2, b -> halfToFloat(b.getShort()), null),
    BF16(2, b -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16), null),
    I64(8, null, ByteBuffer::getLong),
    I32(4, null, ByteBuffer::getInt),
    I16(2, null, b -> b.getShort()),
    I8(1, null, b -> b.get()),
    U8(1, null, b -> b.get() & 0xFF),
    BOOL(1, null, b -> b.get() & 0xFF);

    /** Decodes one floating element at the buffer's position. */
    private interface FloatDecoder {
        float next(ByteBuffer in);
    }

    /** Decodes one integer element at the buffer's position. */
    private interface LongDecoder {
        long next(ByteBuffer in);
    }

    private final int bytes;
    private final FloatDecoder floats;
    private final LongDecoder longs;

    StoredDType(int bytes, FloatDecoder floats, LongDecoder longs) {
        this.bytes = bytes;
        this.floats = floats;
        this.longs = longs;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether elements decode to floats (else to longs). */
    public boolean isFloat() {
        return floats != null;
    }

    /** The type named {@code name} in a header ("F32", "I64", ...), or null when Cochlea does not read it. */
    public static StoredDType parse(String name) {
        for (StoredDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Decodes {@code count} little-endian elements from {@code in}'s position. */
    HostArray decode(ByteBuffer in, int[] shape, int count) {
        if (isFloat()) {
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
                v[i] = floats.next(in);
            }
            return new HostArray(this, shape, v, null);
        }
        long[] v = new long[count];
        for (int i = 0; i < count; i++) {
            v[i] = longs.next(in);
        }
        return new HostArray(this, shape, null, v);
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat exists only from Java 20). */
    static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float sub = mant * 0x1p-24f;
            return sign != 0 ? -sub : sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
