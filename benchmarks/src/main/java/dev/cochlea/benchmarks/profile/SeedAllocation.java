package dev.cochlea.benchmarks.profile;

import dev.cochlea.benchmarks.HeapCounters;
import dev.cochlea.benchmarks.ReportArgs;
import dev.cochlea.benchmarks.SeedNetworkState;
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
        ReportArgs arguments = new ReportArgs(args);
        int steps = arguments.integer(3, 5);
        SeedNetworkState state = SeedNetworkState.warmedUp(arguments, 2, 8);
        System.out.println("measuring from " + LocalTime.now());
        long before = HeapCounters.allocatedBytes();
        long start = System.nanoTime();
        state.trainSteps(steps);
        double seconds = (System.nanoTime() - start) / 1e9 / steps;
        long perStep = (HeapCounters.allocatedBytes() - before) / steps;
        System.out.printf(
                Locale.ROOT,
                "%.1f ms per step, %.2f MB allocated per step (batch %d, JDK %s)%n",
                seconds * 1e3,
                perStep / 1e6,
                state.batch,
                System.getProperty("java.version"));
    }
}
