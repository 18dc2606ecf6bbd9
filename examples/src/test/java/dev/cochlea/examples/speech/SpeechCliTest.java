package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI end to end on a tiny generated Fluent Speech Commands tree (three "commands" that are tones of different
 * pitch, six speakers): train the mel model for an epoch on short inputs, then evaluate, predict --json, resume, and
 * the error paths. Runs on the reference backend with 0.25 s inputs so it takes seconds.
 */
class SpeechCliTest {
    private static final String[] LABELS = TinyCorpus.LABELS;

    @TempDir
    static Path dir;

    static Path corpus;
    static Path run;

    /** What a CLI call printed and returned. */
    record Result(int status, String out, String err) {}

    static Result cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = SpeechCli.execute(args);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * {@code command} with {@code checkpoint} of the trained run and its labels on the reference backend, then
     * {@code more}.
     */
    private static Result onRun(String command, String checkpoint, String... more) {
        Path labels = run.resolve("labels.txt");
        String[] onReference = TinyCorpus.words(List.of("--backend", "reference"), List.of(more));
        return cli(TinyCorpus.modelArgs(command, run.resolve(checkpoint), labels, onReference));
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        TinyCorpus tiny = TinyCorpus.trained(dir);
        corpus = tiny.corpus();
        run = tiny.run();
    }

    @Test
    void trainWritesCheckpointsLabelsMetricsAndCharts() throws IOException {
        for (String name : List.of(
                "last.safetensors",
                "best.safetensors",
                "last.optimizer.safetensors",
                "labels.txt",
                "metrics.csv",
                "run.json",
                "charts/train_accuracy.png",
                "charts/eval_accuracy.png",
                "charts/loss.png",
                "charts/confusion_matrix.png",
                "charts/sample_spectrogram.png")) {
            assertTrue(Files.size(run.resolve(name)) > 0, name + " missing or empty");
        }
        assertEquals(List.of(LABELS), Labels.read(run.resolve("labels.txt")));
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(EpochMetrics.HEADER, metrics.get(0));
        assertEquals(2, metrics.size(), "one row per epoch");
        EpochMetrics m = EpochMetrics.parse(metrics.get(1));
        assertEquals(1, m.epoch());
        assertTrue(Double.isFinite(m.trainLoss()) && m.trainAccuracy() >= 0 && m.trainAccuracy() <= 1);
    }

    @Test
    void evaluatePrintsAccuracyAndConfusion() {
        Path png = dir.resolve("eval-confusion.png");
        String[] onTestSplit =
                TinyCorpus.words(TinyCorpus.data(corpus), List.of("--on", "test", "--confusion", png.toString()));
        Result r = onRun("evaluate", "best.safetensors", onTestSplit);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().matches("(?s)test split of .*: accuracy \\d+\\.\\d\\d% \\(6 clips\\).*"), r.out());
        assertTrue(r.out().contains("confusion matrix"), r.out());
        assertTrue(Files.exists(png));
    }

    @Test
    void predictJsonGivesEveryLabelsProbability() {
        Path clip = corpus.resolve("wavs/speakers/s6/2_0.wav");
        Result r = onRun("predict", "last.safetensors", "--top-k", "2", "--json", clip.toString(), clip.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), "one JSON object per clip: " + r.out());
        JsonObject o = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(clip.toString(), o.get("file").getAsString());
        JsonArray p = o.getAsJsonArray("probabilities");
        assertEquals(3, p.size());
        double sum = 0;
        for (var v : p) {
            sum += v.getAsDouble();
        }
        assertEquals(1.0, sum, 1e-6, "probabilities sum to 1");
        JsonArray top = o.getAsJsonArray("top");
        assertEquals(2, top.size());
        assertTrue(top.get(0).getAsJsonObject().get("probability").getAsDouble()
                >= top.get(1).getAsJsonObject().get("probability").getAsDouble());
        assertEquals(lines.get(0), lines.get(1), "the same clip gets the same answer");
    }

    @Test
    void unreadableWavGivesOneLineAndFailureStatus() throws IOException {
        Path bad = Files.writeString(dir.resolve("broken.wav"), "not a wav file at all");
        Path good = corpus.resolve("wavs/speakers/s6/0_0.wav");
        Result r = onRun("predict", "last.safetensors", bad.toString(), good.toString());
        assertNotEquals(0, r.status());
        assertEquals(1, r.err().lines().filter(l -> !l.startsWith("WARNING")).count(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("broken.wav"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(r.out().startsWith(good.toString()), "the good clip is still classified: " + r.out());
    }

    @Test
    void missingDatasetIsNamed() {
        Path missing = dir.resolve("no-such-dataset");
        Result r = cli(
                "train",
                "--data",
                missing.toString(),
                "--format",
                "fsdd",
                "--epochs",
                "1",
                "--out",
                dir.resolve("unused").toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("error: " + missing + ": does not exist; expected"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void resumeContinuesAfterTheLastEpoch() throws IOException {
        Path copy = TinyCorpus.copyRun(run, dir.resolve("resumed"));
        Result r = cli(TinyCorpus.trainArgs(corpus, copy, "--epochs", "2", "--cosine", "--resume"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("resuming " + copy + " after epoch 1"), r.out());
        assertTrue(r.out().contains("epoch 2/2:") && !r.out().contains("epoch 1/2:"), r.out());
        // cosine over 2 epochs from 1e-3: epoch 2 (index 1) runs at 1e-3 (1 + cos(pi / 2)) / 2, also after a resume
        assertTrue(r.out().contains("| lr 5.00e-04"), r.out());
        List<String> metrics = Files.readAllLines(copy.resolve("metrics.csv"));
        assertEquals(3, metrics.size(), "epoch 1 kept, epoch 2 added");
    }

    @Test
    void seedModelRejectsOtherInputLengths() {
        Result r = cli(TinyCorpus.words(
                List.of("train", "--model", "seed", "--epochs", "1", "--input-length", "4000"),
                TinyCorpus.data(corpus),
                List.of("--out", dir.resolve("unused2").toString())));
        assertEquals(1, r.status());
        assertTrue(r.err().contains("the seed network takes exactly 32000 samples"), r.err());
    }

    @Test
    void synthWithoutEspeakSaysHowToInstallIt() {
        Result r = cli("synth", "--out", dir.resolve("synth").toString(), "--espeak", "/nonexistent/espeak-ng");
        assertEquals(1, r.status());
        assertTrue(r.err().contains("apt-get install espeak-ng"), r.err());
    }
}
