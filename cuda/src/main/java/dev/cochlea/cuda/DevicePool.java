package dev.cochlea.cuda;

import dev.cochlea.kernels.BlockPool;

/**
 * The cuda backend's caching allocator: the backends' shared {@link BlockPool} over {@link BlockPool#deviceSizeClass}, caching
 * every released block (the device's memory is the limit). When the device runs out of memory the cache is freed and
 * the request tried again; if it still fails, the buffers that are unreachable but not yet returned (dropped without
 * close, waiting for the Cleaner) are reclaimed by a garbage collection, and the request is tried once more before it
 * fails with a message naming the request and the device's free memory. Its {@code Memory},
 * {@code OutOfDeviceMemory} and {@code Block} are {@link BlockPool}'s.
 *
 * @param <P> the device's handle for a block (a CUdeviceptr; tests use plain objects)
 */
final class DevicePool<P> extends BlockPool<P> {

    /** How long to wait for the Cleaner after a garbage collection, at most, and for a quiet spell in its releases. */
    private static final long RECLAIM_MAX_MILLIS = 500;

    private static final long RECLAIM_QUIET_MILLIS = 50;

    private final Runnable reclaim;

    DevicePool(Memory<P> memory) {
        super(memory, BlockPool::deviceSizeClass, CacheLimit.none(), "the CUDA device was closed");
        this.reclaim = this::collectDroppedBuffers;
    }

    /** With {@code reclaim} standing in for the garbage collection that returns dropped buffers (tests). */
    DevicePool(Memory<P> memory, Runnable reclaim) {
        super(memory, BlockPool::deviceSizeClass, CacheLimit.none(), "the CUDA device was closed");
        this.reclaim = reclaim;
    }

    @Override
    protected void reclaimDropped() {
        reclaim.run();
    }

    /**
     * Buffers dropped without close() go back to the pool only when the Cleaner sees them unreachable: run a garbage
     * collection, then wait until the Cleaner's releases have stopped arriving (or a time limit).
     */
    private void collectDroppedBuffers() {
        System.gc();
        long deadline = System.nanoTime() + RECLAIM_MAX_MILLIS * 1_000_000;
        synchronized (this) {
            long seen = releases();
            try {
                while (System.nanoTime() < deadline) {
                    wait(RECLAIM_QUIET_MILLIS);
                    if (releases() == seen) {
                        return;
                    }
                    seen = releases();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
