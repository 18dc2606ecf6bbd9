package dev.cochlea.kernels;

import java.util.function.Consumer;

/**
 * A buffer on the Java heap, shared by the backends that compute on the host (reference, cpu). Its arrays are exposed
 * to those backends' kernels; everyone else goes through {@link Backend#upload} and {@link Backend#download}. Using a
 * buffer after close fails with a clear message instead of reading memory that another tensor may now own.
 */
public final class HostBuffer extends AbstractDeviceBuffer {
    private static final Consumer<Object> DROP = storage -> {};

    private final Consumer<Object> release;
    private float[] floats;
    private int[] ints;

    public HostBuffer(Backend backend, DType dtype, long size) {
        this(
                backend,
                dtype,
                size,
                dtype == DType.FLOAT32 ? new float[checkedSize(size)] : null,
                dtype == DType.INT32 ? new int[checkedSize(size)] : null,
                DROP);
    }

    /**
     * Wraps existing storage, possibly longer than {@code size}, for a pooling backend: {@link #close()} hands the
     * array to {@code release} (once), so that the pool can lend it again.
     */
    public HostBuffer(Backend backend, DType dtype, long size, float[] floats, int[] ints, Consumer<Object> release) {
        super(backend, dtype, checkedSize(size));
        this.floats = floats;
        this.ints = ints;
        this.release = release;
    }

    private static int checkedSize(long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a host buffer holds at most 2^31 - 9 elements, asked for " + size);
        }
        return (int) size;
    }

    /** The float storage of a float32 host buffer (its length may exceed {@link #size()}). */
    public static float[] floats(DeviceBuffer buffer) {
        HostBuffer b = cast(buffer);
        return b.present(b.floats, DType.FLOAT32, "not a float32 buffer");
    }

    /** The int storage of an int32 host buffer (its length may exceed {@link #size()}). */
    public static int[] ints(DeviceBuffer buffer) {
        HostBuffer b = cast(buffer);
        return b.present(b.ints, DType.INT32, "not an int32 buffer");
    }

    private static HostBuffer cast(DeviceBuffer buffer) {
        if (buffer instanceof HostBuffer b) {
            return b;
        }
        throw new IllegalArgumentException("not a host buffer: "
                + (buffer == null
                        ? "null"
                        : buffer.getClass().getName() + " of backend "
                                + buffer.backend().name()));
    }

    /** {@code storage}, unless it is gone: the buffer was closed, or it holds another dtype ({@code otherDtype}). */
    private <T> T present(T storage, DType dtype, String otherDtype) {
        if (storage == null) {
            throw new IllegalStateException(dtype() == dtype ? "buffer used after close()" : otherDtype);
        }
        return storage;
    }

    public boolean isClosed() {
        return floats == null && ints == null;
    }

    @Override
    public void close() {
        Object storage;
        synchronized (this) {
            storage = floats != null ? floats : ints;
            floats = null;
            ints = null;
        }
        if (storage != null) {
            release.accept(storage);
        }
    }

    @Override
    public String toString() {
        return "HostBuffer[" + backend().name() + ", " + dtype() + " x " + size() + (isClosed() ? ", closed]" : "]");
    }
}
