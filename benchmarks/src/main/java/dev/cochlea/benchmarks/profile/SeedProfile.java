package dev.cochlea.benchmarks.profile;

import dev.cochlea.benchmarks.ReportArgs;
import dev.cochlea.benchmarks.SeedNetworkState;
import dev.cochlea.kernels.Backends;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a training step of the seed network spends its time: every kernel call goes through {@link TimedBackend},
 * and the report lists, per kernel and shape, the milliseconds per step and the share of the step, then the
 * remainder that no kernel accounts for (core's tape, allocation, pooling, Java overhead).
 *
 * <p>Usage: SeedProfile [BACKEND [BATCH [STEPS [train|infer]]]] (defaults: cpu 32 5 train).
 */
public final class SeedProfile {
    /** Steps before timing: enough for C2 to compile the kernels (interpreted Vector API code is slow and allocates). */
    static final int WARMUP = 6;

    private SeedProfile() {}

    public static void main(String[] args) {
        ReportArgs arguments = new ReportArgs(args);
        int steps = arguments.integer(2, 5);
        boolean train = arguments.string(3, "train").equals("train");
        TimedBackend timed = new TimedBackend(Backends.get(arguments.backend()));
        SeedNetworkState state = new SeedNetworkState(timed, arguments.batch());
        Runnable step = train ? state::trainStep : state::infer;
        for (int i = 0; i < WARMUP; i++) {
            step.run();
        }
        timed.reset();
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        double stepMs = (System.nanoTime() - start) / 1e6 / steps;
        print(
                timed.entries(),
                stepMs,
                steps,
                (train ? "training step" : "inference") + ", " + arguments.backend() + ", batch " + state.batch + ", "
                        + steps + " steps, JDK " + System.getProperty("java.version"));
    }

    static void print(Map<String, TimedBackend.Entry> entries, double stepMs, int steps, String title) {
        Map<String, TimedBackend.Entry> merged = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, TimedBackend.Entry> e : entries.entrySet()) {
            TimedBackend.Entry m = merged.computeIfAbsent(shorten(e.getKey()), k -> new TimedBackend.Entry());
            m.nanos += e.getValue().nanos;
            m.calls += e.getValue().calls;
        }
        List<Map.Entry<String, TimedBackend.Entry>> rows = new ArrayList<>(merged.entrySet());
        rows.sort((a, b) -> Long.compare(b.getValue().nanos, a.getValue().nanos));
        double kernelMs = 0;
        System.out.printf(Locale.ROOT, "%s: %.1f ms per step%n", title, stepMs);
        System.out.printf(Locale.ROOT, "%9s %6s %6s  %s%n", "ms/step", "%", "calls", "kernel and arguments");
        for (Map.Entry<String, TimedBackend.Entry> r : rows) {
            double ms = r.getValue().nanos / 1e6 / steps;
            kernelMs += ms;
            System.out.printf(
                    Locale.ROOT,
                    "%9.2f %6.1f %6.1f  %s%n",
                    ms,
                    100 * ms / stepMs,
                    (double) r.getValue().calls / steps,
                    r.getKey());
        }
        System.out.printf(Locale.ROOT, "%9.2f %6.1f %6s  %s%n", kernelMs, 100 * kernelMs / stepMs, "", "all kernels");
        System.out.printf(
                Locale.ROOT,
                "%9.2f %6.1f %6s  %s%n",
                stepMs - kernelMs,
                100 * (stepMs - kernelMs) / stepMs,
                "",
                "outside kernels (core, allocation, pool)");
    }

    /** Drops the record boilerplate from parameter toStrings: "Conv1dParams[batch=32, ...]" to "Conv1d[32, ...]", and
     * Adam's step counter, so that one parameter's updates share a row. */
    private static String shorten(String key) {
        return key.replaceAll(", step=\\d+", "").replaceAll("Params\\[", "[").replaceAll("[a-zA-Z0-9]+=", "");
    }
}
