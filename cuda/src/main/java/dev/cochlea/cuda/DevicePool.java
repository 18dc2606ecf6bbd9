package dev.cochlea.cuda;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A caching allocator: blocks come from {@link Memory} in {@link SizeClasses} and, when released, wait on a free list
 * of their size class for the next request of that class, so a training loop stops calling the driver after its
 * first step. When the device runs out of memory the cached blocks are freed and the request tried again; if it still
 * fails, the buffers that are unreachable but not yet returned (dropped without close, waiting for the Cleaner) are
 * reclaimed by a garbage collection, and the request tried once more before it fails with a message naming the
 * request and the device's free memory. Thread-safe (releases arrive from the Cleaner's thread too).
 *
 * @param <P> the device's handle for a block (a CUdeviceptr; tests use plain objects)
 */
final class DevicePool<P> {

    /** The raw device memory underneath. */
    interface Memory<P> {
        /** A new block of exactly {@code bytes} bytes; throws {@link OutOfDeviceMemory} when the device is full. */
        P allocate(long bytes);

        void free(P block);

        /** The device's free and total memory in words, for the out-of-memory message. */
        default String describe() {
            return "device memory state unknown";
        }
    }

    /** Thrown by {@link Memory#allocate} when the device has no room. */
    static final class OutOfDeviceMemory extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfDeviceMemory(String message) {
            super(message);
        }
    }

    /** A block lent out by the pool: its handle and its size class in bytes. */
    record Block<P>(P handle, long bytes) {
    }

    /** How long to wait for the Cleaner after a garbage collection, at most, and for a quiet spell in its releases. */
    private static final long RECLAIM_MAX_MILLIS = 500;
    private static final long RECLAIM_QUIET_MILLIS = 50;

    private final Memory<P> memory;
    private final Runnable reclaim;
    private final Map<Long, ArrayDeque<P>> free = new HashMap<>();
    private long cachedBytes;
    private long inUseBytes;
    private long releases;

    DevicePool(Memory<P> memory) {
        this.memory = memory;
        this.reclaim = this::collectDroppedBuffers;
    }

    /** With {@code reclaim} standing in for the garbage collection that returns dropped buffers (tests). */
    DevicePool(Memory<P> memory, Runnable reclaim) {
        this.memory = memory;
        this.reclaim = reclaim;
    }

    Block<P> acquire(long bytes) {
        long size = SizeClasses.roundUp(bytes);
        Block<P> block = tryAcquire(size);
        if (block == null) {
            // Outside the lock: the Cleaner's releases need it.
            reclaim.run();
            block = tryAcquire(size);
        }
        if (block == null) {
            String state;
            synchronized (this) {
                state = memory.describe() + "; this pool lends " + inUseBytes + " bytes to live buffers";
            }
            throw new OutOfDeviceMemory("out of device memory: a request for " + bytes + " bytes (" + size
                    + " in its size class) failed after freeing the cached blocks and collecting dropped buffers; "
                    + state + ". Close tensors you no longer need, or use a smaller batch");
        }
        return block;
    }

    /** The block from the cache or the device, the device retried once with the cache freed; null if it is full. */
    private synchronized Block<P> tryAcquire(long size) {
        ArrayDeque<P> list = free.get(size);
        P handle = list == null ? null : list.poll();
        if (handle != null) {
            cachedBytes -= size;
        } else {
            try {
                handle = memory.allocate(size);
            } catch (OutOfDeviceMemory e) {
                trim();
                try {
                    handle = memory.allocate(size);
                } catch (OutOfDeviceMemory again) {
                    return null;
                }
            }
        }
        inUseBytes += size;
        return new Block<>(handle, size);
    }

    synchronized void release(Block<P> block) {
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.handle());
        inUseBytes -= block.bytes();
        cachedBytes += block.bytes();
        releases++;
        notifyAll();
    }

    /**
     * Buffers dropped without close() go back to the pool only when the Cleaner sees them unreachable: run a garbage
     * collection, then wait until the Cleaner's releases have stopped arriving (or a time limit).
     */
    private void collectDroppedBuffers() {
        System.gc();
        long deadline = System.nanoTime() + RECLAIM_MAX_MILLIS * 1_000_000;
        synchronized (this) {
            long seen = releases;
            try {
                while (System.nanoTime() < deadline) {
                    wait(RECLAIM_QUIET_MILLIS);
                    if (releases == seen) {
                        return;
                    }
                    seen = releases;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Frees every cached block back to the device. */
    synchronized void trim() {
        List<P> blocks = new ArrayList<>();
        free.values().forEach(blocks::addAll);
        free.clear();
        cachedBytes = 0;
        for (P block : blocks) {
            memory.free(block);
        }
    }

    synchronized long cachedBytes() {
        return cachedBytes;
    }

    synchronized long inUseBytes() {
        return inUseBytes;
    }
}
