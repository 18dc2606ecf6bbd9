package dev.cochlea.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cochlea.Generator;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.examples.speech.SpeechNets;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Sequential;
import dev.cochlea.onnx.Onnx;
import dev.cochlea.onnx.OnnxExporter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The inference half of benchmarks/compare.sh: the seed network (248 classes, eval mode) in Cochlea and, exported with
 * Cochlea's own exporter, in ONNX Runtime's Java API (CPU, all graph optimisations, 2 intra-op threads), in the same
 * process on the same input. Each call includes what a service pays per request: wrapping the input and reading the
 * logits back into a float[]. The two engines alternate in rounds, so load from other processes falls on both; the
 * median time per call is reported. Each round starts after a pause ({@value #SETTLE_MILLIS} ms) that lets the other
 * engine's threads go idle: ONNX Runtime's spin for a while after a call returns, and on a 2-core machine that took a
 * core from whichever engine ran next (Cochlea read 141 ms per batch of 32 right after ONNX Runtime's spinning calls,
 * 121 ms with spinning off, Zen 5, JDK 25, AVX2 path). Prints a markdown table whose rows start {@code | inference, batch 32 |} and
 * {@code | inference, batch 1 |} and end with Cochlea's samples/s divided by ONNX Runtime's.
 *
 * <p>Usage: OnnxRuntimeComparison [BACKEND] [ROUNDS] [spin|nospin] [native|avx2]. ONNX Runtime's worker threads spin
 * while they wait for work (its default, "spin"): the fastest on an idle machine, but on a loaded one the spinning
 * competes with the work itself; "nospin" turns it off ({@code session.intra_op.allow_spinning=0}). "avx2" runs ONNX
 * Runtime with its MLAS kernels limited to AVX2 ({@link OnnxRuntimeAvx2}), the peer for Cochlea's AVX2 path
 * ({@code -XX:UseAVX=2}) on an AVX-512 machine; "native" (the default) lets MLAS pick from the CPU.
 */
public final class OnnxRuntimeComparison {
    private static final int CLASSES = SeedNetworkState.CLASSES;
    private static final int LENGTH = SpeechNets.SEED_INPUT_LENGTH;
    private static final int THREADS = 2;
    /** The pause before each engine's round, long enough for the other's worker threads to stop spinning. */
    private static final int SETTLE_MILLIS = 50;

    private OnnxRuntimeComparison() {}

    /** One engine's inference on a batch given as a flat float[]: returns the logits. */
    private interface Engine {
        float[] infer(float[] input, int batch) throws OrtException;
    }

    public static void main(String[] args) throws Exception {
        Backend backend = Backends.get(args.length > 0 ? args[0] : "cpu");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        boolean spin = args.length <= 2 || !args[2].equals("nospin");
        boolean ortAvx2 = args.length > 3 && args[3].equals("avx2");
        Backends.setDefault(backend);
        Generator.manualSeed(0);
        Sequential model = SpeechNets.seed(CLASSES);

        Path ortLibraries = ortAvx2 ? Files.createTempDirectory("cochlea-ort-avx2") : null;
        if (ortAvx2) {
            try {
                OnnxRuntimeAvx2.install(ortLibraries);
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                deleteDirectory(ortLibraries);
                System.err.println("compare_onnx: " + e.getMessage());
                System.exit(2);
            }
        }
        Path file = Files.createTempFile("cochlea-seed", ".onnx");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            Onnx.export(model, new int[] {1, 1, LENGTH}, file);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(THREADS);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            if (!spin) {
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            try (OrtSession session = env.createSession(file.toString(), options)) {
                Engine ort = (input, batch) -> runOrt(env, session, input, batch);
                Engine cochlea = cochlea(CochleaInference.compile(model), backend);
                System.out.printf(
                        Locale.ROOT,
                        "Seed network inference (eval mode, %d classes, input [batch, 1, %d]),"
                                + " %s, JDK %s; ONNX Runtime %s (Java API, CPU, ALL_OPT, %d intra-op threads%s%s) on "
                                + "Cochlea's ONNX export; Cochlea %s backend, %d threads%n%n",
                        CLASSES,
                        LENGTH,
                        cpuName(),
                        System.getProperty("java.version"),
                        env.getVersion(),
                        THREADS,
                        spin ? "" : ", no spinning",
                        ortAvx2 ? ", MLAS limited to AVX2" : "",
                        backend.name(),
                        Integer.getInteger(
                                "cochlea.threads", Runtime.getRuntime().availableProcessors()));
                System.out.println(
                        "| workload | ONNX Runtime samples/s | Cochlea samples/s " + "| Cochlea / ONNX Runtime |");
                System.out.println("| --- | ---: | ---: | ---: |");
                row(32, 3, rounds, cochlea, ort);
                row(1, 40, rounds, cochlea, ort);
            }
        } finally {
            Files.deleteIfExists(file);
            if (ortLibraries != null) {
                // Loaded libraries stay mapped after their files are gone.
                deleteDirectory(ortLibraries);
            }
        }
    }

    /** Deletes a directory of plain files (the AVX2 copy of ONNX Runtime's libraries). */
    private static void deleteDirectory(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(directory);
    }

    private static Engine cochlea(UnaryOperator<Tensor> inference, Backend backend) {
        return (input, batch) -> {
            try (MemoryScope ignored = MemoryScope.open()) {
                return inference
                        .apply(Tensor.of(backend, input, batch, 1, LENGTH))
                        .toFloatArray();
            }
        };
    }

    private static float[] runOrt(OrtEnvironment env, OrtSession session, float[] input, int batch)
            throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {batch, 1, LENGTH});
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, x))) {
            FloatBuffer logits = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] out = new float[logits.remaining()];
            logits.get(out);
            return out;
        }
    }

    /**
     * Checks that both engines compute the same logits, warms both up, then alternates {@code rounds} rounds of
     * {@code callsPerRound} calls each and prints the row.
     */
    private static void row(int batch, int callsPerRound, int rounds, Engine cochlea, Engine ort) throws Exception {
        float[] input = new float[batch * LENGTH];
        SplittableRandom random = new SplittableRandom(batch);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (random.nextGaussian() * 0.1);
        }
        double error = relativeError(cochlea.infer(input, batch), ort.infer(input, batch));
        if (error > 1e-4) {
            throw new IllegalStateException(
                    "Cochlea and ONNX Runtime disagree at batch " + batch + ": relative error " + error);
        }
        for (int i = 0; i < callsPerRound; i++) {
            cochlea.infer(input, batch);
            ort.infer(input, batch);
        }
        double[] cochleaTimes = new double[rounds * callsPerRound];
        double[] ortTimes = new double[rounds * callsPerRound];
        for (int r = 0; r < rounds; r++) {
            time(cochlea, input, batch, cochleaTimes, r * callsPerRound, callsPerRound);
            time(ort, input, batch, ortTimes, r * callsPerRound, callsPerRound);
        }
        double cochleaRate = batch / median(cochleaTimes);
        double ortRate = batch / median(ortTimes);
        System.out.printf(
                Locale.ROOT,
                "| inference, batch %d | %.1f (%s) | %.1f (%s) | %.2fx |%n",
                batch,
                ortRate,
                millis(median(ortTimes), batch),
                cochleaRate,
                millis(median(cochleaTimes), batch),
                cochleaRate / ortRate);
    }

    private static void time(Engine engine, float[] input, int batch, double[] times, int from, int count)
            throws OrtException, InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
        for (int i = from; i < from + count; i++) {
            long start = System.nanoTime();
            engine.infer(input, batch);
            times[i] = (System.nanoTime() - start) / 1e9;
        }
    }

    private static String millis(double seconds, int batch) {
        return String.format(Locale.ROOT, "%.1f ms%s", seconds * 1e3, batch == 1 ? "" : " per batch");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double relativeError(float[] actual, float[] expected) {
        double maxDiff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return maxDiff / Math.max(scale, Float.MIN_NORMAL);
    }

    private static String cpuName() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (java.io.IOException e) {
            return System.getProperty("os.arch");
        }
    }
}
