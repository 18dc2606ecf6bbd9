package dev.cochlea.benchmarks;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.inference.Inference;
import dev.cochlea.inference.InferencePlan;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A quick A/B of the seed network's inference (248 classes, input [batch, 1, 32000], host data in and out): the
 * compiled plan against the evaluation-mode forward, interleaved round by round so that load on a shared machine
 * hits both alike. Prints one JSON object: samples/s at the batch and the median latency of one call.
 * InferenceBenchmark (JMH) is the rigorous harness.
 *
 * <p>Usage: InferenceReport BACKEND BATCH ROUNDS
 */
public final class InferenceReport {
    private InferenceReport() {}

    public static void main(String[] args) {
        ReportArgs arguments = new ReportArgs(args);
        int batch = arguments.batch();
        int rounds = arguments.integer(2, 10);
        SeedNetworkState state = new SeedNetworkState(arguments.backend(), batch);
        state.model.eval();
        float[] input = state.input.toFloatArray();
        int[] shape = state.input.shape();
        try (InferencePlan plan = Inference.compile(state.model)) {
            Supplier<float[]> planCall = () -> plan.forward(input, shape);
            Supplier<float[]> evalCall = () -> {
                try (MemoryScope ignored = MemoryScope.open();
                        Autograd.NoGrad noGrad = Autograd.noGrad()) {
                    return state.model
                            .forward(Tensor.of(state.backend, input, shape))
                            .toFloatArray();
                }
            };
            int warmup = Math.max(3, 48 / batch);
            for (int i = 0; i < warmup; i++) {
                planCall.get();
                evalCall.get();
            }
            int calls = Math.max(1, 16 / batch);
            double[] planTimes = new double[rounds];
            double[] evalTimes = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                planTimes[r] = time(planCall, calls);
                evalTimes[r] = time(evalCall, calls);
            }
            double planS = median(planTimes);
            double evalS = median(evalTimes);
            System.out.printf(
                    Locale.ROOT,
                    "{\"backend\": \"%s\", \"jdk\": \"%s\", \"batch\": %d, "
                            + "\"plan_samples_per_s\": %.1f, \"eval_samples_per_s\": %.1f, \"plan_ms\": %.2f, "
                            + "\"eval_ms\": %.2f, \"speedup\": %.2f}%n",
                    arguments.backend(),
                    System.getProperty("java.version"),
                    batch,
                    batch / planS,
                    batch / evalS,
                    planS * 1e3,
                    evalS * 1e3,
                    evalS / planS);
        }
    }

    /** Seconds per call, averaged over {@code calls} calls. */
    private static double time(Supplier<float[]> call, int calls) {
        long start = System.nanoTime();
        float sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += call.get()[0];
        }
        if (Float.isNaN(sink)) {
            System.err.println("NaN output");
        }
        return (System.nanoTime() - start) / 1e9 / calls;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
