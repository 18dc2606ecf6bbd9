package dev.cochlea.kernels;

/**
 * A contiguous block of elements owned by one {@link Backend}. Element offsets are always 0: a buffer is the whole
 * storage of one tensor. {@link #close()} hands the memory back to the backend (its pool, or the GC); it is idempotent,
 * and a closed buffer must not be passed to a kernel again.
 */
public interface DeviceBuffer extends AutoCloseable {
    Backend backend();

    DType dtype();

    /** Number of elements (not bytes). */
    long size();

    @Override
    void close();
}
