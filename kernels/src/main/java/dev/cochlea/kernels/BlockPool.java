package dev.cochlea.kernels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * The caching allocator every pooling backend uses (heap arrays on cpu, cl_mem on opencl, CUdeviceptr on cuda), so
 * that a training loop stops allocating after its first step. Requests round up to a size class; a released block
 * waits on its class's free list (last in, first out) for the next request of that class, unless the pool's
 * {@link CacheLimit} is reached, in which case it is freed at once. When {@link Memory#allocate} reports the device
 * full, the cached blocks are freed and the request tried once more; then {@link #reclaimDropped()} (a hook for pools
 * whose buffers may be waiting for the Cleaner) runs and the request is tried a last time before it fails with a
 * message naming the request and {@link Memory#describe()}. After {@link #close()} requests fail and released blocks
 * are freed. Thread-safe: releases arrive from Cleaner threads too.
 *
 * @param <B> the backend's handle for one block
 */
public class BlockPool<B> {

    /** The raw memory underneath. */
    public interface Memory<B> {
        /** A new block of exactly {@code bytes} bytes; throws {@link OutOfDeviceMemory} when there is no room. */
        B allocate(long bytes);

        /** Gives a block back to the device (a no-op where the garbage collector owns memory). */
        void free(B block);

        /** The device's free and total memory in words, for the out-of-memory message. */
        default String describe() {
            return "device memory state unknown";
        }
    }

    /** Thrown by {@link Memory#allocate} when the device has no room, so the pool frees its cache and retries. */
    public static class OutOfDeviceMemory extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public OutOfDeviceMemory(String message) {
            super(message);
        }
    }

    /** A block lent out by the pool: its handle and its size class in bytes. */
    public record Block<B>(B handle, long bytes) {}

    /** How many cached bytes one or more pools may hold together (pools that share one share the budget). */
    public static final class CacheLimit {
        private final long maxBytes;
        private long cachedBytes;

        public CacheLimit(long maxBytes) {
            this.maxBytes = Math.max(0, maxBytes);
        }

        /** No limit: every released block is cached. */
        public static CacheLimit none() {
            return new CacheLimit(Long.MAX_VALUE);
        }

        synchronized boolean tryCache(long bytes) {
            if (cachedBytes + bytes > maxBytes) {
                return false;
            }
            cachedBytes += bytes;
            return true;
        }

        synchronized void uncache(long bytes) {
            cachedBytes -= bytes;
        }
    }

    private final Memory<B> memory;
    private final LongUnaryOperator sizeClass;
    private final CacheLimit limit;
    private final String closedMessage;
    private final Map<Long, ArrayDeque<B>> free = new HashMap<>();
    private long cachedBytes;
    private long inUseBytes;
    private long created;
    private long reused;
    private long releases;
    private boolean closed;

    /**
     * @param sizeClass     the size in bytes a request of n bytes is served with (at least n)
     * @param limit         the cache budget, possibly shared with other pools
     * @param closedMessage what a request after {@link #close()} fails with
     */
    public BlockPool(Memory<B> memory, LongUnaryOperator sizeClass, CacheLimit limit, String closedMessage) {
        this.memory = memory;
        this.sizeClass = sizeClass;
        this.limit = limit;
        this.closedMessage = closedMessage;
    }

    /** The smallest block {@link #deviceSizeClass} hands out: tiny tensors share one class. */
    public static final long MIN_DEVICE_BLOCK = 256;

    /**
     * The device backends' size classes: four per power of two (2^k, 1.25 2^k, 1.5 2^k, 1.75 2^k), so at most a
     * quarter of a block is wasted, and nothing under {@value #MIN_DEVICE_BLOCK} bytes (cuMemAlloc aligns every block
     * to 256 bytes whatever its size).
     */
    public static long deviceSizeClass(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes);
        }
        if (bytes <= MIN_DEVICE_BLOCK) {
            return MIN_DEVICE_BLOCK;
        }
        long quarter = Long.highestOneBit(bytes) / 4;
        return (bytes + quarter - 1) / quarter * quarter;
    }

    /** The size class a request of {@code bytes} is served with. */
    public long sizeClass(long bytes) {
        return sizeClass.applyAsLong(bytes);
    }

    /** A block of at least {@code bytes} bytes, recycled when one of its size class is free. */
    public Block<B> acquire(long bytes) {
        long size = sizeClass(bytes);
        Block<B> block = tryAcquire(size);
        if (block == null) {
            reclaimDropped(); // outside the lock: the Cleaner's releases need it
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
    private synchronized Block<B> tryAcquire(long size) {
        if (closed) {
            throw new IllegalStateException(closedMessage);
        }
        ArrayDeque<B> list = free.get(size);
        B handle = list == null ? null : list.pollLast();
        if (handle != null) {
            cachedBytes -= size;
            limit.uncache(size);
            reused++;
        } else {
            try {
                handle = memory.allocate(size);
            } catch (OutOfDeviceMemory e) {
                trim(); // cached blocks of other sizes may be what stands in the way
                try {
                    handle = memory.allocate(size);
                } catch (OutOfDeviceMemory again) {
                    return null;
                }
            }
            created++;
        }
        inUseBytes += size;
        return new Block<>(handle, size);
    }

    /**
     * Called without the pool's lock when the device stays full after the cache was freed, before the request is
     * tried a last time: a pool whose buffers can be dropped without close() returns them here (nothing by default).
     */
    protected void reclaimDropped() {}

    /** Takes a block back: cached for reuse while the limit allows, else (or once closed) freed. */
    public synchronized void release(Block<B> block) {
        inUseBytes -= block.bytes();
        releases++;
        notifyAll(); // wakes reclaimDropped() waiting for the Cleaner's releases
        if (closed || !limit.tryCache(block.bytes())) {
            memory.free(block.handle());
            return;
        }
        free.computeIfAbsent(block.bytes(), k -> new ArrayDeque<>()).addLast(block.handle());
        cachedBytes += block.bytes();
    }

    /** Frees every cached block back to the device. */
    public synchronized void trim() {
        List<B> blocks = new ArrayList<>();
        free.values().forEach(blocks::addAll);
        free.clear();
        limit.uncache(cachedBytes);
        cachedBytes = 0;
        for (B block : blocks) {
            memory.free(block);
        }
    }

    /** Frees the cache; later requests fail with the closed message and released blocks are freed. */
    public synchronized void close() {
        trim();
        closed = true;
    }

    /** Bytes held in free lists, waiting to be reused. */
    public synchronized long cachedBytes() {
        return cachedBytes;
    }

    /** Bytes lent out and not yet released. */
    public synchronized long inUseBytes() {
        return inUseBytes;
    }

    /** Requests that needed a new block from {@link Memory} so far. */
    public synchronized long created() {
        return created;
    }

    /** Blocks released so far (for a reclaim that waits until releases stop arriving). */
    protected synchronized long releases() {
        return releases;
    }

    /** Requests served from a free list so far. */
    public synchronized long reused() {
        return reused;
    }
}
