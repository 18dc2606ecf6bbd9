package dev.cochlea.distributed;

import java.util.concurrent.CompletableFuture;

/**
 * The collective operations data-parallel training needs, between {@link #worldSize()} ranks that call them in the
 * same order with the same sizes (as torch.distributed's process group). Every call blocks until this rank's part is
 * done (except {@link #allReduceSumAsync}, which returns a future); a peer that died or stopped answering makes it
 * throw {@link CollectiveException}, never hang.
 */
public interface Collective extends AutoCloseable {
    /** This process's rank, 0 &lt;= rank &lt; worldSize. */
    int rank();

    int worldSize();

    /**
     * Replaces {@code data[offset, offset + length)} on every rank by the element-wise sum over all ranks. Every rank
     * ends with bit-identical values.
     */
    void allReduceSum(float[] data, int offset, int length);

    default void allReduceSum(float[] data) {
        allReduceSum(data, 0, data.length);
    }

    /**
     * Starts {@link #allReduceSum(float[], int, int)} and returns a future that completes when it is done (or
     * completes exceptionally with its {@link CollectiveException}); {@code data} must stay untouched until then.
     * Operations keep the order they were called in, so every rank still runs the same sequence: a later call, of
     * either kind, runs after this one. This default runs it at once, on the caller's thread.
     */
    default CompletableFuture<Void> allReduceSumAsync(float[] data, int offset, int length) {
        allReduceSum(data, offset, length);
        return CompletableFuture.completedFuture(null);
    }

    /** Copies {@code data[offset, offset + length)} of rank {@code root} into the same range on every other rank. */
    void broadcast(byte[] data, int offset, int length, int root);

    default void broadcast(byte[] data, int root) {
        broadcast(data, 0, data.length, root);
    }

    /** Returns once every rank has called it. */
    void barrier();

    /** Releases the connections; later calls fail. */
    @Override
    void close();
}
