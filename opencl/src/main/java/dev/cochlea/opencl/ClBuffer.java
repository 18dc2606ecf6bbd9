package dev.cochlea.opencl;

import dev.cochlea.kernels.AbstractDeviceBuffer;
import dev.cochlea.kernels.BlockPool;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import java.lang.ref.Cleaner;
import org.jocl.cl_mem;

/**
 * A {@link DeviceBuffer} backed by a pooled cl_mem. {@link #close()} hands the block back to the pool; a buffer that
 * is dropped without close() is handed back by a {@link Cleaner} once it is unreachable.
 */
final class ClBuffer extends AbstractDeviceBuffer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Lease lease;
    private final Cleaner.Cleanable cleanable;

    ClBuffer(OpenClBackend backend, DType dtype, long size, BufferPool pool) {
        super(backend, dtype, size);
        this.lease = new Lease(pool, pool.acquire(size * dtype.bytes()));
        this.cleanable = CLEANER.register(this, lease);
    }

    /** The memory object, for kernel arguments and copies. */
    cl_mem mem() {
        BlockPool.Block<cl_mem> block = lease.block;
        if (block == null) {
            throw new IllegalStateException("OpenCL buffer used after close()");
        }
        return block.handle();
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    /** The cleaning action: must not refer to the buffer, or the buffer would never become unreachable. */
    private static final class Lease implements Runnable {
        private final BufferPool pool;
        private volatile BlockPool.Block<cl_mem> block;

        Lease(BufferPool pool, BlockPool.Block<cl_mem> block) {
            this.pool = pool;
            this.block = block;
        }

        @Override
        public void run() {
            BlockPool.Block<cl_mem> b = block;
            block = null;
            if (b != null) {
                pool.release(b);
            }
        }
    }
}
