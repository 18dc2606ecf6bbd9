package dev.cochlea.cpu;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of daemon threads and a parallel-for over task indices. The caller works too, tasks are claimed from a
 * shared counter (so uneven tasks balance), and work that is tiny, single-task, or already inside a parallel region
 * runs inline: nested calls never wait on the pool, so they cannot deadlock it.
 */
final class Parallel {
    /** One task of a parallel loop; {@code worker} in [0, threads) is unique among concurrently running tasks. */
    @FunctionalInterface
    interface Task {
        void run(int worker, int task);
    }

    /** A contiguous range [from, to) of items. */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final int threads;
    private final ExecutorService helpers;

    Parallel(int threads) {
        this.threads = threads;
        AtomicInteger id = new AtomicInteger();
        this.helpers = threads == 1
                ? null
                : Executors.newFixedThreadPool(threads - 1, r -> {
                    Thread t = new Thread(r, "cochlea-cpu-" + id.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    int threads() {
        return threads;
    }

    /**
     * Runs {@code body} for every task in [0, tasks). {@code work} estimates the total cost in element operations;
     * below about a hundred thousand it is not worth waking another thread.
     */
    void forEach(int tasks, double work, Task body) {
        run(tasks, work, body, false);
    }

    /**
     * Like {@link #forEach}, but worker w runs tasks w, w + P, w + 2P, ... in order (P workers): which tasks share a
     * worker never depends on timing. Kernels that add tasks into per-worker partial sums use it, so their float
     * rounding, and with it a whole training run, is the same every time for the same thread count.
     */
    void forEachStatic(int tasks, double work, Task body) {
        run(tasks, work, body, true);
    }

    private void run(int tasks, double work, Task body, boolean fixed) {
        int participants = Math.min(threads, tasks);
        if (participants <= 1 || work < 100_000 || INSIDE.get()) {
            for (int t = 0; t < tasks; t++) {
                body.run(0, t);
            }
            return;
        }
        AtomicInteger next = fixed ? null : new AtomicInteger();
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[participants - 1];
        for (int w = 1; w < participants; w++) {
            int worker = w;
            futures[w - 1] = helpers.submit(() -> claim(worker, tasks, next, participants, body));
        }
        Throwable failure = null;
        try {
            claim(0, tasks, next, participants, body);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = failure == null ? e.getCause() : failure;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        } else if (failure instanceof Error err) {
            throw err;
        } else if (failure != null) {
            throw new IllegalStateException("a cpu kernel task failed", failure);
        }
    }

    /** Splits [0, n) into about {@code threads * 4} ranges of at least {@code minChunk} items and runs them. */
    void forRange(int n, int minChunk, double work, Range body) {
        int chunks = Math.max(1, Math.min(threads * 4, n / Math.max(1, minChunk)));
        int size = (n + chunks - 1) / chunks;
        int count = (n + size - 1) / size;
        forEach(count, work, (w, c) -> body.run(c * size, Math.min(n, (c + 1) * size)));
    }

    /** Runs tasks from the shared counter {@code next}, or, when it is null, every {@code stride}-th from worker. */
    private static void claim(int worker, int tasks, AtomicInteger next, int stride, Task body) {
        boolean wasInside = INSIDE.get();
        INSIDE.set(Boolean.TRUE);
        try {
            if (next == null) {
                for (int t = worker; t < tasks; t += stride) {
                    body.run(worker, t);
                }
            } else {
                for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                    body.run(worker, t);
                }
            }
        } finally {
            INSIDE.set(wasInside);
        }
    }
}
