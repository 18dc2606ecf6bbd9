package dev.cochlea.cpu;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.BlockPool;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.HostBuffer;
import java.util.function.IntFunction;
import java.util.function.LongUnaryOperator;

/**
 * Recycles heap arrays so that a training loop stops allocating after its first step: the backends' shared
 * {@link BlockPool}, one for float arrays and one for int arrays, sharing one budget. Requests are rounded up to a
 * size class (the value keeps its top three significant bits, so at most 1/8 is wasted) and served from that class's
 * free list; closed buffers return their array to it while the retained total stays under {@code maxRetainedBytes},
 * beyond which arrays are left to the garbage collector.
 */
public final class BufferPool {
    private static final String CLOSED = "the cpu buffer pool was closed";

    private final BlockPool<float[]> floats;
    private final BlockPool<int[]> ints;

    public BufferPool(long maxRetainedBytes) {
        BlockPool.CacheLimit budget = new BlockPool.CacheLimit(maxRetainedBytes);
        LongUnaryOperator bytesClass = bytes -> sizeClass(bytes / Float.BYTES) * Float.BYTES;
        this.floats = new BlockPool<>(new Heap<>(n -> new float[n]), bytesClass, budget, CLOSED);
        this.ints = new BlockPool<>(new Heap<>(n -> new int[n]), bytesClass, budget, CLOSED);
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

    HostBuffer allocate(Backend backend, DType dtype, long elements) {
        if (elements < 0 || elements > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("a cpu buffer holds at most 2^31 - 65 elements, asked for " + elements);
        }
        long bytes = elements * Float.BYTES;
        if (dtype == DType.FLOAT32) {
            return new HostBuffer(
                    backend, dtype, elements, floats.acquire(bytes).handle(), null, this::release);
        }
        return new HostBuffer(
                backend, dtype, elements, null, ints.acquire(bytes).handle(), this::release);
    }

    /** Takes back an array from a closed buffer, or drops it when the pool is full. */
    void release(Object storage) {
        if (storage instanceof float[] f) {
            floats.release(new BlockPool.Block<>(f, (long) f.length * Float.BYTES));
        } else {
            int[] i = (int[]) storage;
            ints.release(new BlockPool.Block<>(i, (long) i.length * Integer.BYTES));
        }
    }

    /** Bytes held in free lists, waiting to be reused. */
    public long retainedBytes() {
        return floats.cachedBytes() + ints.cachedBytes();
    }

    /** Allocations served from a free list so far. */
    public long reusedCount() {
        return floats.reused() + ints.reused();
    }

    /** Allocations that needed a new array so far. */
    public long createdCount() {
        return floats.created() + ints.created();
    }

    /** Drops every retained array. */
    public void clear() {
        floats.trim();
        ints.trim();
    }

    /** Heap memory: new arrays of a size class; freeing leaves them to the garbage collector. */
    private record Heap<A>(IntFunction<A> create) implements BlockPool.Memory<A> {
        @Override
        public A allocate(long bytes) {
            return create.apply(Math.toIntExact(bytes / Float.BYTES));
        }

        @Override
        public void free(A block) {}
    }
}
