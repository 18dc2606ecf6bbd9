package dev.cochlea.benchmarks.profile;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;

/**
 * A buffer of the wrapped backend that names the {@link TimedBackend} as its owner, so that tensors built on it send
 * their kernels through the timing proxy. {@link TimedBackend} unwraps it before any call reaches the real backend.
 */
final class TimedBuffer implements DeviceBuffer {
    private final TimedBackend owner;
    final DeviceBuffer inner;

    TimedBuffer(TimedBackend owner, DeviceBuffer inner) {
        this.owner = owner;
        this.inner = inner;
    }

    static DeviceBuffer unwrap(DeviceBuffer b) {
        return b instanceof TimedBuffer t ? t.inner : b;
    }

    @Override
    public Backend backend() {
        return owner;
    }

    @Override
    public DType dtype() {
        return inner.dtype();
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public void close() {
        inner.close();
    }
}
