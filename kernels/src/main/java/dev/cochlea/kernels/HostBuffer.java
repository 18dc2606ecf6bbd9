package dev.cochlea.kernels;

/**
 * A buffer on the Java heap, shared by the backends that compute on the host (reference, cpu). Its arrays are exposed
 * to those backends' kernels; everyone else goes through {@link Backend#upload} and {@link Backend#download}.
 */
public final class HostBuffer extends AbstractDeviceBuffer {
    private float[] floats;
    private int[] ints;

    public HostBuffer(Backend backend, DType dtype, long size) {
        this(
                backend,
                dtype,
                size,
                dtype == DType.FLOAT32 ? new float[checkedSize(size)] : null,
                dtype == DType.INT32 ? new int[checkedSize(size)] : null);
    }

    /** Wraps existing storage (for pooling backends that recycle arrays larger than {@code size}). */
    public HostBuffer(Backend backend, DType dtype, long size, float[] floats, int[] ints) {
        super(backend, dtype, checkedSize(size));
        this.floats = floats;
        this.ints = ints;
    }

    private static int checkedSize(long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a host buffer holds at most 2^31 - 9 elements, asked for " + size);
        }
        return (int) size;
    }

    /** The float storage of a float32 host buffer (its length may exceed {@link #size()}). */
    public static float[] floats(DeviceBuffer buffer) {
        HostBuffer b = (HostBuffer) buffer;
        return b.present(b.floats, DType.FLOAT32, "not a float32 buffer");
    }

    /** The int storage of an int32 host buffer (its length may exceed {@link #size()}). */
    public static int[] ints(DeviceBuffer buffer) {
        HostBuffer b = (HostBuffer) buffer;
        return b.present(b.ints, DType.INT32, "not an int32 buffer");
    }

    /** {@code storage}, unless it is gone: the buffer was closed, or it holds another dtype ({@code otherDtype}). */
    private <T> T present(T storage, DType dtype, String otherDtype) {
        if (storage == null) {
            throw new IllegalStateException(dtype() == dtype ? "buffer used after close()" : otherDtype);
        }
        return storage;
    }

    /** Detaches the storage so that a pooling backend can hand it out again; later use fails loudly. */
    public Object takeStorage() {
        Object storage = floats != null ? floats : ints;
        floats = null;
        ints = null;
        return storage;
    }

    @Override
    public void close() {
        floats = null;
        ints = null;
    }
}
