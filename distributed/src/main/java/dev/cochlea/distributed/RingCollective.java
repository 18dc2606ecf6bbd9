package dev.cochlea.distributed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Collectives over a TCP ring (made by {@link RingListener#join}). All-reduce is the bandwidth-optimal ring algorithm
 * (Patarasuk and Yuan 2009, as in Horovod and NCCL): a reduce-scatter in which chunk c is summed once, along the ring
 * starting at rank c, then an all-gather that copies each finished chunk's bytes to every rank, so all ranks hold
 * bit-identical sums. Each rank sends and receives 2 (N - 1) / N of the data.
 *
 * <p>Not thread-safe: one thread per rank issues the collectives, in the same order on every rank. Asynchronous
 * all-reduces run on one communication thread of this collective, in the order they were started; a synchronous
 * operation first waits for them, then runs on the caller's thread.
 */
public final class RingCollective implements Collective {
    /** Broadcasts travel in pieces this large so that each rank forwards one while receiving the next. */
    private static final int BROADCAST_PIECE = 1 << 20;

    private final int rank;
    private final int worldSize;
    private final RingLinks links;
    private final Duration timeout;
    private ByteBuffer sendBuffer = ByteBuffer.allocateDirect(0);
    private ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(0);
    private boolean closed;
    /** The last asynchronous operation started (all earlier ones complete before it). */
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);

    private ExecutorService communication;

    RingCollective(int rank, int worldSize, RingLinks links, Duration timeout) {
        this.rank = rank;
        this.worldSize = worldSize;
        this.links = links;
        this.timeout = timeout;
    }

    /** A fresh random 32-byte secret for one job, to hand to every rank's {@link RingListener#join}. */
    public static byte[] newSecret() {
        return Handshake.newSecret();
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int worldSize() {
        return worldSize;
    }

    /** The time-out without progress after which an operation fails. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public void allReduceSum(float[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        checkOpen();
        awaitPending();
        ringAllReduce(data, offset, length);
    }

    @Override
    public CompletableFuture<Void> allReduceSumAsync(float[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        checkOpen();
        if (communication == null) {
            communication = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "cochlea-ring-rank-" + rank);
                t.setDaemon(true);
                return t;
            });
        }
        // After a failure every later operation fails too: the ring's byte streams are out of step.
        pending = pending.thenRunAsync(() -> ringAllReduce(data, offset, length), communication);
        return pending;
    }

    /** Waits until the asynchronous operations started so far are done; rethrows the first failure. */
    private void awaitPending() {
        if (pending.isDone() && !pending.isCompletedExceptionally()) {
            return;
        }
        CollectiveException.await(pending, rank);
    }

    private void ringAllReduce(float[] data, int offset, int length) {
        if (worldSize == 1 || length == 0) {
            return;
        }
        ensureCapacity(chunkStart(length, 1) * Float.BYTES + Float.BYTES);
        int n = worldSize;
        // Reduce-scatter: at step s, send chunk (r - s) and add the predecessor's partial sum of chunk (r - s - 1).
        for (int s = 0; s < n - 1; s++) {
            int sendChunk = Math.floorMod(rank - s, n);
            int receiveChunk = Math.floorMod(rank - s - 1, n);
            exchangeChunks(data, offset, length, sendChunk, receiveChunk);
            FloatBuffer received = receiveBuffer.flip().asFloatBuffer();
            int start = offset + chunkStart(length, receiveChunk);
            int size = received.remaining();
            for (int i = 0; i < size; i++) {
                data[start + i] = received.get(i) + data[start + i];
            }
        }
        // All-gather: rank r now owns the finished chunk (r + 1); pass finished chunks around the ring.
        for (int s = 0; s < n - 1; s++) {
            int sendChunk = Math.floorMod(rank + 1 - s, n);
            int receiveChunk = Math.floorMod(rank - s, n);
            exchangeChunks(data, offset, length, sendChunk, receiveChunk);
            receiveBuffer
                    .flip()
                    .asFloatBuffer()
                    .get(data, offset + chunkStart(length, receiveChunk), chunkSize(length, receiveChunk));
        }
    }

    private void exchangeChunks(float[] data, int offset, int length, int sendChunk, int receiveChunk) {
        int sendSize = chunkSize(length, sendChunk);
        sendBuffer.clear().limit(sendSize * Float.BYTES);
        sendBuffer.asFloatBuffer().put(data, offset + chunkStart(length, sendChunk), sendSize);
        receiveBuffer.clear().limit(chunkSize(length, receiveChunk) * Float.BYTES);
        links.exchange(sendBuffer, receiveBuffer);
    }

    /** Chunk c covers [c * length / N, (c + 1) * length / N): sizes differ by at most one. */
    private int chunkStart(int length, int chunk) {
        return (int) ((long) chunk * length / worldSize);
    }

    private int chunkSize(int length, int chunk) {
        return chunkStart(length, chunk + 1) - chunkStart(length, chunk);
    }

    @Override
    public void broadcast(byte[] data, int offset, int length, int root) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (root < 0 || root >= worldSize) {
            throw new IllegalArgumentException("root " + root + " is not a rank of a world of " + worldSize);
        }
        checkOpen();
        awaitPending();
        if (worldSize == 1 || length == 0) {
            return;
        }
        // The data flows root -> root + 1 -> ... -> root - 1 in pieces; a middle rank forwards piece k - 1 while
        // receiving piece k.
        int distance = Math.floorMod(rank - root, worldSize);
        boolean receives = distance != 0;
        boolean forwards = distance != worldSize - 1;
        int pieces = (length + BROADCAST_PIECE - 1) / BROADCAST_PIECE;
        for (int k = 0; k <= pieces; k++) {
            ByteBuffer out = null;
            ByteBuffer in = null;
            int sendPiece = receives ? k - 1 : k;
            if (forwards && sendPiece >= 0 && sendPiece < pieces) {
                out = ByteBuffer.wrap(data, offset + sendPiece * BROADCAST_PIECE, pieceSize(length, sendPiece));
            }
            if (receives && k < pieces) {
                in = ByteBuffer.wrap(data, offset + k * BROADCAST_PIECE, pieceSize(length, k));
            }
            if (out != null || in != null) {
                links.exchange(out, in);
            }
        }
    }

    private static int pieceSize(int length, int piece) {
        return Math.min(BROADCAST_PIECE, length - piece * BROADCAST_PIECE);
    }

    /** A token goes round the ring twice: the first lap proves every rank arrived, the second releases them. */
    @Override
    public void barrier() {
        checkOpen();
        awaitPending();
        if (worldSize == 1) {
            return;
        }
        for (int lap = 0; lap < 2; lap++) {
            ByteBuffer token = ByteBuffer.allocate(1);
            if (rank == 0) {
                links.exchange(token, null);
                if (lap == 0) {
                    links.exchange(null, ByteBuffer.allocate(1));
                }
            } else {
                links.exchange(null, token);
                if (lap == 0 || rank != worldSize - 1) {
                    links.exchange(token.flip(), null);
                }
            }
        }
    }

    private void ensureCapacity(int bytes) {
        if (sendBuffer.capacity() < bytes) {
            sendBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
            receiveBuffer = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("rank " + rank + ": this collective is closed");
        }
    }

    @Override
    public void close() {
        if (!closed && links != null) {
            links.close(); // an operation still running on the communication thread fails on the closed sockets
        }
        if (communication != null) {
            communication.shutdownNow();
        }
        closed = true;
    }

    @Override
    public String toString() {
        return "RingCollective(rank " + rank + " of " + worldSize + ")";
    }
}
