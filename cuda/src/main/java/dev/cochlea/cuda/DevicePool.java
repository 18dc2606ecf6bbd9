package dev.cochlea.cuda;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A caching allocator: blocks come from {@link Memory} in {@link SizeClasses} and, when released, wait on a free list
 * of their size class for the next request of that class, so a training loop stops calling the driver after its
 * first step. When the device runs out of memory the cached blocks are freed and the request tried once more.
 * Thread-safe (releases arrive from the Cleaner's thread too).
 *
 * @param <P> the device's handle for a block (a CUdeviceptr; tests use plain objects)
 */
final class DevicePool<P> {

    /** The raw device memory underneath. */
    interface Memory<P> {
        /** A new block of exactly {@code bytes} bytes; throws {@link OutOfDeviceMemory} when the device is full. */
        P allocate(long bytes);

        void free(P block);
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

    private final Memory<P> memory;
    private final Map<Long, ArrayDeque<P>> free = new HashMap<>();
    private long cachedBytes;
    private long inUseBytes;

    DevicePool(Memory<P> memory) {
        this.memory = memory;
    }

    synchronized Block<P> acquire(long bytes) {
        long size = SizeClasses.roundUp(bytes);
        ArrayDeque<P> list = free.get(size);
        P handle = list == null ? null : list.poll();
        if (handle != null) {
            cachedBytes -= size;
        } else {
            try {
                handle = memory.allocate(size);
            } catch (OutOfDeviceMemory e) {
                trim();
                handle = memory.allocate(size);
            }
        }
        inUseBytes += size;
        return new Block<>(handle, size);
    }

    synchronized void release(Block<P> block) {
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).push(block.handle());
        inUseBytes -= block.bytes();
        cachedBytes += block.bytes();
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
