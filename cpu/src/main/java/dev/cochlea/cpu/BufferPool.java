package dev.cochlea.cpu;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles heap arrays so that a training loop stops allocating after its first step. Requests are rounded up to a
 * size class (the value keeps its top three significant bits, so at most 1/8 is wasted) and served from that class's
 * free list; closed buffers return their array to it while the retained total stays under {@code maxRetainedBytes},
 * beyond which arrays are left to the garbage collector.
 */
public final class BufferPool {
    private final long maxRetainedBytes;
    private final Map<Long, ArrayDeque<float[]>> freeFloats = new HashMap<>();
    private final Map<Long, ArrayDeque<int[]>> freeInts = new HashMap<>();
    private long retainedBytes;
    private long reused;
    private long created;

    public BufferPool(long maxRetainedBytes) {
        this.maxRetainedBytes = Math.max(0, maxRetainedBytes);
    }

    /** The capacity actually allocated for a request of {@code elements}: at most 12.5% above it. */
    static long sizeClass(long elements) {
        if (elements <= 16) {
            return 16;
        }
        int shift = Math.max(0, 63 - Long.numberOfLeadingZeros(elements) - 2);
        long unit = 1L << shift;
        return (elements + unit - 1) / unit * unit;
    }

    CpuBuffer allocate(Backend backend, DType dtype, long elements) {
        if (elements < 0 || elements > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a cpu buffer holds at most 2^31 - 65 elements, asked for " + elements);
        }
        long capacity = sizeClass(elements);
        if (dtype == DType.FLOAT32) {
            float[] a = take(freeFloats, capacity);
            return new CpuBuffer(backend, this, dtype, elements, a != null ? a : newFloats(capacity), null);
        }
        int[] a = take(freeInts, capacity);
        return new CpuBuffer(backend, this, dtype, elements, null, a != null ? a : newInts(capacity));
    }

    private synchronized <T> T take(Map<Long, ArrayDeque<T>> free, long capacity) {
        ArrayDeque<T> list = free.get(capacity);
        T a = list == null ? null : list.pollLast();
        if (a != null) {
            retainedBytes -= capacity * 4;
            reused++;
        }
        return a;
    }

    private synchronized float[] newFloats(long capacity) {
        created++;
        return new float[(int) capacity];
    }

    private synchronized int[] newInts(long capacity) {
        created++;
        return new int[(int) capacity];
    }

    /** Takes back an array from a closed buffer, or drops it when the pool is full. */
    synchronized void release(Object storage) {
        long capacity = storage instanceof float[] f ? f.length : ((int[]) storage).length;
        if (retainedBytes + capacity * 4 > maxRetainedBytes) {
            return;
        }
        retainedBytes += capacity * 4;
        if (storage instanceof float[] f) {
            freeFloats.computeIfAbsent(capacity, c -> new ArrayDeque<>()).addLast(f);
        } else {
            freeInts.computeIfAbsent(capacity, c -> new ArrayDeque<>()).addLast((int[]) storage);
        }
    }

    /** Bytes held in free lists, waiting to be reused. */
    public synchronized long retainedBytes() {
        return retainedBytes;
    }

    /** Allocations served from a free list so far. */
    public synchronized long reusedCount() {
        return reused;
    }

    /** Allocations that needed a new array so far. */
    public synchronized long createdCount() {
        return created;
    }

    /** Drops every retained array. */
    public synchronized void clear() {
        freeFloats.clear();
        freeInts.clear();
        retainedBytes = 0;
    }
}
