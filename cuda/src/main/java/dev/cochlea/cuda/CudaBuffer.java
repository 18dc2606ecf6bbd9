package dev.cochlea.cuda;

import dev.cochlea.kernels.AbstractDeviceBuffer;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import java.lang.ref.Cleaner;
import jcuda.driver.CUdeviceptr;

/**
 * Device memory lent by the {@link DevicePool}. {@link #close()} returns it to the pool; a buffer dropped without
 * close is returned by the Cleaner when it becomes unreachable (safe because every use of it was queued before).
 */
final class CudaBuffer extends AbstractDeviceBuffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final CUdeviceptr pointer;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean closed;

    CudaBuffer(
            Backend backend,
            DType dtype,
            long size,
            DevicePool<CUdeviceptr> pool,
            DevicePool.Block<CUdeviceptr> block) {
        super(backend, dtype, size);
        this.pointer = block.handle();
        this.cleanable = CLEANER.register(this, new Release(pool, block));
    }

    /** The release action must not reference the buffer, or the buffer would never become unreachable. */
    private record Release(DevicePool<CUdeviceptr> pool, DevicePool.Block<CUdeviceptr> block) implements Runnable {
        @Override
        public void run() {
            pool.release(block);
        }
    }

    CUdeviceptr pointer() {
        if (closed) {
            throw new IllegalStateException("cuda buffer used after close()");
        }
        return pointer;
    }

    @Override
    public void close() {
        closed = true;
        cleanable.clean();
    }
}
