package dev.cochlea.opencl;

import org.jocl.CL;
import org.jocl.cl_context;
import org.jocl.cl_mem;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Device memory reused across allocations of similar size, so a training loop stops calling clCreateBuffer after its
 * first step. Requests round up to a bucket (four per power of two, so at most 25% is wasted); freed blocks wait in
 * their bucket for the next request of that bucket. Thread-safe.
 */
final class BufferPool implements AutoCloseable {
    /** The smallest block handed out; tiny tensors share one bucket. */
    static final long MIN_BYTES = 256;

    private final cl_context context;
    private final Map<Long, ArrayDeque<cl_mem>> free = new HashMap<>();
    private long created;
    private boolean closed;

    BufferPool(cl_context context) {
        this.context = context;
    }

    /** The capacity a request of {@code bytes} is rounded up to: 2^k * {1, 1.25, 1.5, 1.75}. */
    static long bucketBytes(long bytes) {
        if (bytes <= MIN_BYTES) {
            return MIN_BYTES;
        }
        long octave = Long.highestOneBit(bytes);
        long quarter = octave / 4;
        return (bytes + quarter - 1) / quarter * quarter;
    }

    /** A block of exactly {@code capacity} bytes (a value of {@link #bucketBytes}), recycled when one is free. */
    synchronized cl_mem acquire(long capacity) {
        if (closed) {
            throw new IllegalStateException("the OpenCL backend was closed");
        }
        ArrayDeque<cl_mem> bucket = free.get(capacity);
        if (bucket != null && !bucket.isEmpty()) {
            return bucket.pop();
        }
        int[] rc = new int[1];
        cl_mem mem = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, capacity, null, rc);
        if (rc[0] == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE || rc[0] == CL.CL_OUT_OF_RESOURCES
                || rc[0] == CL.CL_OUT_OF_HOST_MEMORY) {
            trim(); // free blocks of other sizes may be what stands in the way
            mem = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, capacity, null, rc);
        }
        ClException.check(rc[0], "clCreateBuffer(" + capacity + " bytes)");
        created++;
        return mem;
    }

    /** Takes a block back; after {@link #close()} it is released instead. */
    synchronized void release(cl_mem mem, long capacity) {
        if (closed) {
            CL.clReleaseMemObject(mem);
            return;
        }
        free.computeIfAbsent(capacity, c -> new ArrayDeque<>()).push(mem);
    }

    /** Releases every free block back to the driver. */
    synchronized void trim() {
        for (ArrayDeque<cl_mem> bucket : free.values()) {
            for (cl_mem mem : bucket) {
                CL.clReleaseMemObject(mem);
            }
        }
        free.clear();
    }

    /** How many blocks were created from the driver so far (pool hits do not count). */
    synchronized long created() {
        return created;
    }

    @Override
    public synchronized void close() {
        trim();
        closed = true;
    }
}
