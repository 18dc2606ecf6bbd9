package dev.cochlea.benchmarks.profile;

import dev.cochlea.benchmarks.SeedNetworkState;
import java.lang.management.ManagementFactory;
import java.time.LocalTime;
import java.util.Locale;

/**
 * Steady-state heap allocation of the seed network's training step: warms up (so the JIT has compiled the Vector API
 * kernels, whose interpreted forms allocate), prints the wall-clock time at which measuring starts (to filter a JFR
 * recording's jdk.ObjectAllocationSample events), then the bytes allocated per step by all threads.
 *
 * <p>Usage: SeedAllocation [BACKEND [BATCH [WARMUP [STEPS]]]] (defaults: cpu 32 8 5).
 */
public final class SeedAllocation {
    private SeedAllocation() {}

    public static void main(String[] args) {
        String backendName = args.length > 0 ? args[0] : "cpu";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        SeedNetworkState state = new SeedNetworkState(backendName, batch);
        for (int i = 0; i < warmup; i++) {
            state.trainStep();
        }
        System.out.println("measuring from " + LocalTime.now());
        long before = allocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            state.trainStep();
        }
        double seconds = (System.nanoTime() - start) / 1e9 / steps;
        long perStep = (allocatedBytes() - before) / steps;
        System.out.printf(
                Locale.ROOT,
                "%.1f ms per step, %.2f MB allocated per step (batch %d, JDK %s)%n",
                seconds * 1e3,
                perStep / 1e6,
                batch,
                System.getProperty("java.version"));
    }

    /** Bytes allocated on the heap by all live threads so far (HotSpot's per-thread counters). */
    static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(a, 0);
        }
        return total;
    }
}
