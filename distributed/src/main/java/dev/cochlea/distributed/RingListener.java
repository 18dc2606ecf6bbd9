package dev.cochlea.distributed;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The first half of joining a ring: bind a port, publish {@link #address()} to the other ranks by whatever means the
 * launcher has (Spark's {@code allGather}, a file, a test's array), then {@link #join} with everyone's addresses.
 * Binding before the exchange means no rank can learn an address that is not listening yet.
 */
public final class RingListener implements AutoCloseable {
    private final ServerSocketChannel server;
    private final InetSocketAddress address;

    private RingListener(ServerSocketChannel server, InetSocketAddress address) {
        this.server = server;
        this.address = address;
    }

    /** Listens on a free port of {@code host} (an address the other ranks can reach). */
    public static RingListener bind(InetAddress host) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(host, 0));
        return new RingListener(
                server, new InetSocketAddress(host, ((InetSocketAddress) server.getLocalAddress()).getPort()));
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Connects to rank {@code rank + 1} and accepts rank {@code rank - 1} (mod the world size), each authenticated
     * with {@code secret}, and returns the ring. Each operation on it, and this join, fails after {@code timeout}
     * without progress. Closes this listener.
     *
     * @param addresses every rank's {@link #address()}, by rank
     */
    public RingCollective join(int rank, List<InetSocketAddress> addresses, byte[] secret, Duration timeout)
            throws IOException {
        int world = addresses.size();
        if (rank < 0 || rank >= world) {
            throw new IllegalArgumentException("rank " + rank + " is outside a world of " + world);
        }
        if (!addresses.get(rank).equals(address)) {
            throw new IllegalArgumentException("rank " + rank + "'s address in the list is " + addresses.get(rank)
                    + ", but this listener is " + address);
        }
        Handshake handshake = new Handshake(secret, world);
        if (world == 1) {
            close();
            return new RingCollective(0, 1, null, timeout);
        }
        int nextRank = (rank + 1) % world;
        int prevRank = (rank - 1 + world) % world;
        long deadline = System.nanoTime() + timeout.toNanos();
        // Accept on another thread: every rank connects and accepts at once, and a handshake needs both ends.
        CompletableFuture<SocketChannel> accepted = new CompletableFuture<>();
        AtomicReference<String> refused = new AtomicReference<>("");
        Thread acceptor = new Thread(
                () -> {
                    try {
                        accepted.complete(accept(handshake, rank, prevRank, deadline, refused));
                    } catch (Throwable t) {
                        accepted.completeExceptionally(t);
                    }
                },
                "cochlea-ring-accept-" + rank);
        acceptor.setDaemon(true);
        acceptor.start();
        SocketChannel next = null;
        try {
            next = connect(handshake, rank, nextRank, addresses.get(nextRank), deadline);
            SocketChannel prev = accepted.get();
            return new RingCollective(rank, world, new RingLinks(rank, world, next, prev, timeout), timeout);
        } catch (CollectiveException e) {
            // The successor may have gone away because it failed this rank's handshake on the other link (a peer of
            // another job closes its listener): say whom the acceptor refused meanwhile, and why.
            throw refused.get().isEmpty() ? e : new CollectiveException(e.getMessage() + refused.get(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveException("rank " + rank + ": interrupted while joining the ring", e);
        } catch (ExecutionException e) {
            if (next != null) {
                next.close();
            }
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new CollectiveException("rank " + rank + ": accepting rank " + prevRank + " failed: " + cause, cause);
        } finally {
            acceptor.interrupt();
            close();
        }
    }

    private SocketChannel connect(Handshake handshake, int rank, int nextRank, InetSocketAddress to, long deadline)
            throws IOException {
        IOException last = null;
        while (System.nanoTime() < deadline) {
            SocketChannel channel = SocketChannel.open();
            try {
                Socket socket = channel.socket();
                socket.connect(to, millisLeft(deadline));
                socket.setSoTimeout(millisLeft(deadline));
                handshake.asConnector(socket, rank, nextRank);
                socket.setSoTimeout(0);
                return channel;
            } catch (IOException e) {
                channel.close();
                last = e;
                sleepBriefly();
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        }
        throw new CollectiveException(
                "rank " + rank + ": could not connect to rank " + nextRank + " at " + to + " before the time-out"
                        + (last != null ? ": " + last : ""),
                last);
    }

    /** The predecessor's authenticated link; {@code refused} collects the connections turned away meanwhile. */
    private SocketChannel accept(
            Handshake handshake, int rank, int prevRank, long deadline, AtomicReference<String> refused)
            throws IOException {
        while (System.nanoTime() < deadline) {
            server.socket().setSoTimeout(millisLeft(deadline));
            Socket socket;
            try {
                socket = server.socket().accept();
            } catch (SocketTimeoutException e) {
                break;
            }
            try {
                socket.setSoTimeout(millisLeft(deadline));
                handshake.asAcceptor(socket, rank, prevRank);
                socket.setSoTimeout(0);
                return socket.getChannel();
            } catch (IOException | CollectiveException e) {
                // A stranger or a stale peer: refuse it and keep waiting for the real predecessor.
                refused.set("; refused " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
                socket.close();
            }
        }
        throw new CollectiveException("rank " + rank + ": rank " + prevRank + " did not connect to " + address
                + " before the time-out" + refused.get());
    }

    private static int millisLeft(long deadline) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000));
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveException("interrupted while connecting to the ring", e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
