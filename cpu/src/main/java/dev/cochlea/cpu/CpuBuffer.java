package dev.cochlea.cpu;

import dev.cochlea.kernels.AbstractDeviceBuffer;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;

/**
 * A cpu-backend buffer: a heap array (possibly longer than {@link #size()}) lent by a {@link BufferPool}, to which
 * {@link #close()} returns it. Using a buffer after close fails with a clear message instead of reading memory that
 * another tensor now owns.
 */
public final class CpuBuffer extends AbstractDeviceBuffer {
    private final BufferPool pool;
    private float[] floats;
    private int[] ints;

    CpuBuffer(Backend backend, BufferPool pool, DType dtype, long size, float[] floats, int[] ints) {
        super(backend, dtype, size);
        this.pool = pool;
        this.floats = floats;
        this.ints = ints;
    }

    /** The float storage of a float32 cpu buffer (its length may exceed the buffer's size). */
    public static float[] floats(DeviceBuffer buffer) {
        CpuBuffer b = cast(buffer);
        if (b.floats == null) {
            throw new IllegalStateException(
                    b.dtype() == DType.FLOAT32
                            ? "cpu buffer used after close()"
                            : "expected a float32 buffer, got " + b.dtype());
        }
        return b.floats;
    }

    /** The int storage of an int32 cpu buffer (its length may exceed the buffer's size). */
    public static int[] ints(DeviceBuffer buffer) {
        CpuBuffer b = cast(buffer);
        if (b.ints == null) {
            throw new IllegalStateException(
                    b.dtype() == DType.INT32
                            ? "cpu buffer used after close()"
                            : "expected an int32 buffer, got " + b.dtype());
        }
        return b.ints;
    }

    private static CpuBuffer cast(DeviceBuffer buffer) {
        if (buffer instanceof CpuBuffer b) {
            return b;
        }
        throw new IllegalArgumentException("not a cpu buffer: "
                + (buffer == null
                        ? "null"
                        : buffer.getClass().getName() + " of backend "
                                + buffer.backend().name()));
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
            pool.release(storage);
        }
    }

    @Override
    public String toString() {
        return "CpuBuffer[" + dtype() + " x " + size() + (isClosed() ? ", closed]" : "]");
    }
}
