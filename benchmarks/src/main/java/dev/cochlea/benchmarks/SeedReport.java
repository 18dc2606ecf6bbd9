package dev.cochlea.benchmarks;

import dev.cochlea.MemoryScope;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
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
        ReportArgs arguments = new ReportArgs(args);
        int steps = arguments.integer(2, 10);
        // Slow backends (reference, opencl on a CPU) need less warm-up: pass a smaller count.
        SeedNetworkState state = SeedNetworkState.warmedUp(arguments, 3, 6);
        long allocBefore = HeapCounters.allocatedBytes();
        double train = median(steps, state::trainStep);
        long allocPerStep = (HeapCounters.allocatedBytes() - allocBefore) / steps;
        state.infer();
        double infer = median(steps, state::infer);

        List<String> convs = new ArrayList<>();
        for (int layer = 0; layer < SeedConvShapes.SHAPES.length; layer++) {
            convs.add(convReport(state.backend, layer, state.batch, Math.max(3, steps / 2)));
        }
        long peakHeap = HeapCounters.peakHeapBytes();
        System.out.printf(
                Locale.ROOT,
                "{\"backend\": \"%s\", \"jdk\": \"%s\", \"threads\": %d, \"batch\": %d, "
                        + "\"train_step_s\": %.4f, \"train_samples_per_s\": %.2f, \"train_gflops\": %.1f, "
                        + "\"infer_samples_per_s\": %.2f, \"infer_gflops\": %.1f, \"alloc_bytes_per_step\": %d, \"peak_heap_bytes\": %d, "
                        + "\"tuning\": \"%s\", \"convs\": [%s]}%n",
                arguments.backend(),
                System.getProperty("java.version"),
                Integer.getInteger("cochlea.threads", Runtime.getRuntime().availableProcessors()),
                state.batch,
                train,
                state.batch / train,
                SeedNetworkState.TRAIN_FLOPS_PER_SAMPLE * state.batch / train / 1e9,
                state.batch / infer,
                SeedNetworkState.INFER_FLOPS_PER_SAMPLE * state.batch / infer / 1e9,
                allocPerStep,
                peakHeap,
                state.backend.tuning().replace("\\", "\\\\").replace("\"", "\\\""),
                String.join(", ", convs));
    }

    private static String convReport(Backend backend, int layer, int batch, int reps) {
        Conv1dParams p = SeedConvShapes.params(layer, batch);
        Kernels k = backend.kernels();
        try (MemoryScope ignored = MemoryScope.open()) {
            DeviceBuffer x = random(backend, SeedConvShapes.inputSize(p));
            DeviceBuffer w = random(backend, SeedConvShapes.weightSize(p));
            DeviceBuffer y = random(backend, SeedConvShapes.outputSize(p));
            DeviceBuffer gx = backend.allocate(DType.FLOAT32, SeedConvShapes.inputSize(p));
            DeviceBuffer gw = backend.allocate(DType.FLOAT32, SeedConvShapes.weightSize(p));
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

    /** Seeded by its length, so every run and every backend times the same values. */
    private static DeviceBuffer random(Backend backend, long n) {
        return BufferFill.random(backend, n, n);
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
}
