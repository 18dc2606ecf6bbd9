package dev.cochlea.distributed;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * This rank's two ring connections, to its successor ("next") and from its predecessor ("prev"), driven by one
 * selector so that sending and receiving proceed together: with blocking writes, ranks all sending a chunk larger than
 * the socket buffers would wait on each other forever. Every transfer has a deadline.
 */
final class RingLinks implements AutoCloseable {
    private final int rank;
    private final int nextRank;
    private final int prevRank;
    private final SocketChannel next;
    private final SocketChannel prev;
    private final Selector selector;
    private final SelectionKey nextKey;
    private final SelectionKey prevKey;
    private final long timeoutNanos;

    RingLinks(int rank, int worldSize, SocketChannel next, SocketChannel prev, Duration timeout) throws IOException {
        this.rank = rank;
        this.nextRank = (rank + 1) % worldSize;
        this.prevRank = (rank - 1 + worldSize) % worldSize;
        this.next = next;
        this.prev = prev;
        this.timeoutNanos = timeout.toNanos();
        next.configureBlocking(false);
        prev.configureBlocking(false);
        next.socket().setTcpNoDelay(true);
        prev.socket().setTcpNoDelay(true);
        selector = Selector.open();
        nextKey = next.register(selector, 0);
        prevKey = prev.register(selector, 0);
    }

    /**
     * Sends {@code toNext}'s remaining bytes to the successor while receiving {@code fromPrev}'s remaining space from
     * the predecessor; either may be null. Returns when both are done.
     *
     * @throws CollectiveException if a peer closed its connection, failed, or sent nothing for the time-out
     */
    void exchange(ByteBuffer toNext, ByteBuffer fromPrev) {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            while (remaining(toNext) || remaining(fromPrev)) {
                if (remaining(toNext) && next.write(toNext) > 0) {
                    deadline = System.nanoTime() + timeoutNanos;
                }
                if (remaining(fromPrev)) {
                    int n = prev.read(fromPrev);
                    if (n < 0) {
                        throw new CollectiveException(
                                "rank " + rank + ": rank " + prevRank + " closed its connection (did it fail?)");
                    }
                    if (n > 0) {
                        deadline = System.nanoTime() + timeoutNanos;
                    }
                }
                if (!remaining(toNext) && !remaining(fromPrev)) {
                    break;
                }
                nextKey.interestOps(remaining(toNext) ? SelectionKey.OP_WRITE : 0);
                prevKey.interestOps(remaining(fromPrev) ? SelectionKey.OP_READ : 0);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new CollectiveException(String.format(
                            "rank %d: no progress for %.1f s %s (is it alive?)",
                            rank,
                            timeoutNanos / 1e9,
                            remaining(fromPrev) ? "receiving from rank " + prevRank : "sending to rank " + nextRank));
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                if (Thread.currentThread().isInterrupted()) {
                    throw new CollectiveException("rank " + rank + ": interrupted during a collective");
                }
            }
        } catch (IOException e) {
            throw new CollectiveException(
                    "rank " + rank + ": the link to rank " + nextRank + " or from rank " + prevRank + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    private static boolean remaining(ByteBuffer b) {
        return b != null && b.hasRemaining();
    }

    @Override
    public void close() {
        closeQuietly(selector);
        closeQuietly(next);
        closeQuietly(prev);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing after a failure: the first error is the one to report
        }
    }
}
