package dev.cochlea.distributed;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Ranks as threads of one JVM, joined into a real TCP ring over loopback; closing it closes every rank. */
final class LocalRing implements AutoCloseable {
    private final List<RingCollective> ranks;

    private LocalRing(List<RingCollective> ranks) {
        this.ranks = ranks;
    }

    static LocalRing join(int world, Duration timeout) throws Exception {
        byte[] secret = RingCollective.newSecret();
        List<RingListener> listeners = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int r = 0; r < world; r++) {
            RingListener l = RingListener.bind(InetAddress.getLoopbackAddress());
            listeners.add(l);
            addresses.add(l.address());
        }
        return new LocalRing(onEveryRank(world, r -> {
            try {
                return listeners.get(r).join(r, addresses, secret, timeout);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    /** Rank {@code r}'s end of the ring. */
    RingCollective get(int r) {
        return ranks.get(r);
    }

    @Override
    public void close() {
        ranks.forEach(RingCollective::close);
    }

    /** Runs {@code body} for ranks 0..world-1 on as many threads and returns their results by rank. */
    static <T> List<T> onEveryRank(int world, IntFunction<T> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(world);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int r = 0; r < world; r++) {
                int rank = r;
                futures.add(pool.submit(() -> body.apply(rank)));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
