package dev.cochlea.spark;

import dev.cochlea.cpu.CpuBackend;
import java.util.HashMap;
import java.util.Map;

/**
 * One cpu backend per thread count and executor JVM, so that successive tasks (and re-run gangs) reuse its threads
 * and buffer pool; a task's thread count is the cores Spark gave it ({@code spark.task.cpus}).
 */
final class CpuBackends {
    private static final Map<Integer, CpuBackend> BY_THREADS = new HashMap<>();

    private CpuBackends() {}

    static synchronized CpuBackend withThreads(int threads) {
        return BY_THREADS.computeIfAbsent(Math.max(1, threads), CpuBackend::new);
    }
}
