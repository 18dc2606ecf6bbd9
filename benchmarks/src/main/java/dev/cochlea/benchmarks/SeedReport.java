package dev.cochlea.benchmarks;

import dev.cochlea.MemoryScope;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Cochlea half of benchmarks/compare.sh: times the seed network's training step and inference, and each
 * convolution's three passes, on one backend, and prints one JSON object. JMH (TrainingStepBenchmark) is the
 * rigorous harness; this report exists so that the comparison with PyTorch runs the same workload in the same run.
 *
 * <p>Usage: SeedReport BACKEND BATCH STEPS [WARMUP_STEPS]
 */
public final class SeedReport {
    private SeedReport() {}

    public static void main(String[] args) {
        String backendName = args.length > 0 ? args[0] : "cpu";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        // Enough warm-up for C2 to compile the Vector API kernels: their interpreted forms are slow and allocate.
        // Slow backends (reference, opencl on a CPU) need less: pass a smaller count.
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        SeedNetworkState state = new SeedNetworkState(backendName, batch);

        for (int i = 0; i < warmup; i++) {
            state.trainStep();
        }
        long allocBefore = allocatedBytes();
        double train = median(steps, state::trainStep);
        long allocPerStep = (allocatedBytes() - allocBefore) / steps;
        state.infer();
        double infer = median(steps, state::infer);

        List<String> convs = new ArrayList<>();
        for (int layer = 0; layer < SeedConvShapes.SHAPES.length; layer++) {
            convs.add(convReport(state.backend, layer, batch, Math.max(3, steps / 2)));
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "{\"backend\": \"%s\", \"jdk\": \"%s\", \"threads\": %d, \"batch\": %d, "
                        + "\"train_step_s\": %.4f, \"train_samples_per_s\": %.2f, \"train_gflops\": %.1f, "
                        + "\"infer_samples_per_s\": %.2f, \"infer_gflops\": %.1f, \"alloc_bytes_per_step\": %d, \"peak_heap_bytes\": %d, "
                        + "\"tuning\": \"%s\", \"convs\": [%s]}%n",
                backendName,
                System.getProperty("java.version"),
                Integer.getInteger("cochlea.threads", Runtime.getRuntime().availableProcessors()),
                batch,
                train,
                batch / train,
                SeedNetworkState.TRAIN_FLOPS_PER_SAMPLE * batch / train / 1e9,
                batch / infer,
                SeedNetworkState.INFER_FLOPS_PER_SAMPLE * batch / infer / 1e9,
                allocPerStep,
                peakHeap,
                state.backend.tuning().replace("\\", "\\\\").replace("\"", "\\\""),
                String.join(", ", convs));
    }

    private static String convReport(Backend backend, int layer, int batch, int reps) {
        Conv1dParams p = SeedConvShapes.params(layer, batch);
        Kernels k = backend.kernels();
        try (MemoryScope ignored = MemoryScope.open()) {
            DeviceBuffer x = random(backend, (long) batch * p.inChannels() * p.inLength());
            DeviceBuffer w = random(backend, (long) p.outChannels() * p.inChannels() * p.kernelSize());
            DeviceBuffer y = random(backend, (long) batch * p.outChannels() * p.outLength());
            DeviceBuffer gx = backend.allocate(DType.FLOAT32, (long) batch * p.inChannels() * p.inLength());
            DeviceBuffer gw = backend.allocate(DType.FLOAT32, (long) p.outChannels() * p.inChannels() * p.kernelSize());
            double fwd = median(reps, () -> {
                k.conv1dForward(p, x, w, null, y);
                backend.synchronize();
            });
            double bwdIn = median(reps, () -> {
                k.conv1dBackwardInput(p, y, w, gx);
                backend.synchronize();
            });
            double bwdW = median(reps, () -> {
                k.conv1dBackwardWeight(p, x, y, gw, null);
                backend.synchronize();
            });
            for (DeviceBuffer b : List.of(x, w, y, gx, gw)) {
                b.close();
            }
            double gf = p.flops() / 1e9;
            return String.format(
                    Locale.ROOT,
                    "{\"layer\": %d, \"shape\": \"%d->%d k%d L%d\", \"forward_gflops\": %.1f, "
                            + "\"backward_input_gflops\": %.1f, \"backward_weight_gflops\": %.1f}",
                    layer + 1,
                    p.inChannels(),
                    p.outChannels(),
                    p.kernelSize(),
                    p.inLength(),
                    gf / fwd,
                    gf / bwdIn,
                    gf / bwdW);
        }
    }

    private static DeviceBuffer random(Backend backend, long n) {
        float[] v = new float[(int) n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(n);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
        }
        DeviceBuffer b = backend.allocate(DType.FLOAT32, n);
        backend.upload(v, 0, b, 0, v.length);
        return b;
    }

    /** Median wall time in seconds of {@code reps} runs. */
    private static double median(int reps, Runnable body) {
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            body.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return t[reps / 2];
    }

    /** Bytes allocated on the heap by all live threads so far (HotSpot's per-thread counters). */
    private static long allocatedBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long a : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(a, 0);
        }
        return total;
    }
}
