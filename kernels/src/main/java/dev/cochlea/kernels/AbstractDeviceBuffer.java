package dev.cochlea.kernels;

/**
 * What every backend's buffer is the same way: the backend that owns it, its dtype and its element count, fixed at
 * allocation. Subclasses add their storage and how {@link #close()} gives it back.
 */
public abstract class AbstractDeviceBuffer implements DeviceBuffer {
    private final Backend backend;
    private final DType dtype;
    private final long size;

    protected AbstractDeviceBuffer(Backend backend, DType dtype, long size) {
        this.backend = backend;
        this.dtype = dtype;
        this.size = size;
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final long size() {
        return size;
    }
}
