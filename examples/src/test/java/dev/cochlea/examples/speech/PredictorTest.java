package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import dev.cochlea.Golden;
import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Predictor gives {@code predict}'s probabilities (same preparation, compiled model) and stays correct when many
 * threads share it.
 */
class PredictorTest {
    @TempDir
    Path dir;

    private Path resource(String resource, String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    /** A clip of speech-like noise: a few hundred ms of shaped noise at 8 kHz, as FSDD clips are. */
    private static float[] clip(int seed) {
        Random random = new Random(seed);
        float[] x = new float[3000 + random.nextInt(3000)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.2 * Math.sin(i * (0.05 + 0.01 * seed)) + 0.05 * random.nextGaussian());
        }
        return x;
    }

    @Test
    void matchesPredictOnTheSameFile() throws IOException {
        Path checkpoint = resource("/listen/fsdd-mel.safetensors", "mel.safetensors");
        Path labels = resource("/listen/labels.txt", "labels.txt");
        float[] samples = clip(1);
        Path wav = dir.resolve("clip.wav");
        Wav.write(wav, AudioClip.ofMono(samples, 8000), SampleEncoding.FLOAT32);
        SpeechCliTest.Result r =
                SpeechCliTest.cli(TinyCorpus.modelArgs("predict", checkpoint, labels, "--json", wav.toString()));
        assertEquals(0, r.status(), r.err());
        JsonArray expected = JsonParser.parseString(r.out().lines().findFirst().orElseThrow())
                .getAsJsonObject()
                .getAsJsonArray("probabilities");
        try (Predictor predictor = Predictor.load(checkpoint, labels)) {
            Prediction p = predictor.predict(samples, 8000);
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i).getAsDouble(), p.probabilities()[i], 1e-5, "probability of " + i);
            }
            assertTrue(
                    predictor.plan().describe().contains("folded BatchNorm1d"),
                    predictor.plan().describe());
        }
    }

    /** The PyTorch-trained seed checkpoint of PredictPyTorchCheckpointTest, through the compiled plan. */
    @Test
    void reproducesPyTorchsProbabilitiesThroughThePlan() throws IOException {
        Path checkpoint = resource("/golden/seed_pytorch_checkpoint.safetensors", "pytorch.safetensors");
        List<String> names = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        Path labels = Files.write(dir.resolve("labels.txt"), names);
        Golden golden = Golden.load("seed_pytorch_logits");
        float[] input = Arrays.copyOf(golden.floats("input"), SpeechNets.SEED_INPUT_LENGTH);
        float[] logits = Arrays.copyOf(golden.floats("logits"), names.size());
        double[] expected = Evaluator.softmaxRows(logits, names.size())[0];
        try (Predictor predictor = Predictor.load(checkpoint, labels)) {
            double[] p = predictor.predict(input, SpeechNets.SAMPLE_RATE).probabilities();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], p[i], 1e-4, "probability of " + names.get(i));
            }
        }
    }

    @Test
    void manyThreadsGetTheSingleThreadedResults() throws Exception {
        Path checkpoint = resource("/listen/fsdd-mel.safetensors", "mel.safetensors");
        Path labels = resource("/listen/labels.txt", "labels.txt");
        int clips = 12;
        try (Predictor predictor = Predictor.load(checkpoint, labels, dev.cochlea.kernels.Backends.best(), 2)) {
            double[][] expected = new double[clips][];
            for (int i = 0; i < clips; i++) {
                expected[i] = predictor.predict(clip(i), 8000).probabilities();
            }
            long oneArena = predictor.plan().idleArenaBytes();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int offset = t;
                    results.add(pool.submit(() -> {
                        for (int round = 0; round < 4; round++) {
                            for (int i = 0; i < clips; i++) {
                                int c = (i + offset) % clips;
                                assertArrayEquals(
                                        expected[c],
                                        predictor.predict(clip(c), 8000).probabilities(),
                                        0);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertTrue(oneArena > 0);
            // maxConcurrent 2: at most two arenas exist however many threads call.
            assertTrue(
                    predictor.plan().idleArenaBytes() <= 2 * oneArena,
                    "arena memory is bounded by maxConcurrent: "
                            + predictor.plan().idleArenaBytes());
        }
    }

    /**
     * A batch of any size (beyond {@link Predictor#MAX_BATCH} too, so it runs as several model calls) gives each clip
     * exactly the probabilities it gets alone, and so do batches from several threads at once: listen's batching, and
     * a service's concurrency, change no result.
     */
    @Test
    void batchesFromManyThreadsGiveEachClipItsOwnProbabilities() throws Exception {
        Path checkpoint = resource("/listen/fsdd-mel.safetensors", "mel.safetensors");
        Path labels = resource("/listen/labels.txt", "labels.txt");
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < Predictor.MAX_BATCH + 3; i++) {
            clips.add(clip(i));
        }
        try (Predictor predictor = Predictor.load(checkpoint, labels, dev.cochlea.kernels.Backends.best(), 2)) {
            double[][] alone = new double[clips.size()][];
            for (int i = 0; i < clips.size(); i++) {
                alone[i] = predictor.predict(clips.get(i), 8000).probabilities();
            }
            List<Prediction> batch = predictor.predictAll(clips, 8000);
            assertEquals(clips.size(), batch.size());
            for (int i = 0; i < clips.size(); i++) {
                assertArrayEquals(alone[i], batch.get(i).probabilities(), 0, "clip " + i + " in one batch");
            }
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> results = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int size = 5 + 7 * t; // batches of 5, 12 and 19 clips, each thread's own
                    results.add(pool.submit(() -> {
                        for (int from = 0; from < clips.size(); from += size) {
                            int to = Math.min(clips.size(), from + size);
                            List<Prediction> got = predictor.predictAll(clips.subList(from, to), 8000);
                            for (int i = from; i < to; i++) {
                                assertArrayEquals(alone[i], got.get(i - from).probabilities(), 0, "clip " + i);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
