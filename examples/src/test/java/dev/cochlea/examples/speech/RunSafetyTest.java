package dev.cochlea.examples.speech;

import static dev.cochlea.examples.speech.SpeechCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cochlea.io.CheckpointException;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.io.HostArray;
import dev.cochlea.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What train, predict and evaluate do with a careless user's input: an existing run folder, bad clips, labels in
 * another order, a checkpoint with NaN weights or foreign names, an --lr on --resume.
 */
class RunSafetyTest extends TrainedTinyRun {
    private static String errors(SpeechCliTest.Result r) {
        return String.join(
                "\n", r.err().lines().filter(l -> !l.startsWith("WARNING")).toList());
    }

    @Test
    void aNewRunRefusesAFolderThatHoldsOneAndLeavesItUntouched() throws IOException {
        byte[] before = Files.readAllBytes(tiny.run().resolve("labels.txt"));
        byte[] run = Files.readAllBytes(tiny.run().resolve("run.json"));
        SpeechCliTest.Result r = cli(TinyCorpus.trainArgs(tiny.corpus(), tiny.run(), "--epochs", "1"));
        assertEquals(1, r.status());
        assertTrue(errors(r).startsWith("error: " + tiny.run() + " is not empty (it holds "), r.err());
        assertTrue(
                errors(r)
                        .endsWith("continue that run with --resume, replace it with --overwrite, or choose "
                                + "another --out"),
                r.err());
        assertArrayEquals(before, Files.readAllBytes(tiny.run().resolve("labels.txt")));
        assertArrayEquals(run, Files.readAllBytes(tiny.run().resolve("run.json")));
    }

    @Test
    void overwriteReplacesOnlyTheRunsOwnFiles() throws IOException {
        Path out = dir.resolve("overwritten");
        Files.createDirectories(out.resolve("charts"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("metrics.csv"), "stale");
        Files.writeString(out.resolve(".last.safetensors.abc.tmp"), "half-written by a killed run");
        SpeechCliTest.Result r = cli(TinyCorpus.trainArgs(tiny.corpus(), out, "--epochs", "1", "--overwrite"));
        assertEquals(0, r.status(), r.err());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertFalse(Files.exists(out.resolve(".last.safetensors.abc.tmp")), "stale temporaries are cleaned");
        assertFalse(Files.exists(out.resolve(RunFolder.JOURNAL)));
    }

    @Test
    void badClipsAreAllNamedUpFrontOrSkippedWithSkipBad() throws IOException {
        Path corpus = TinyCorpus.write(dir.resolve("bad-corpus"));
        Path broken = corpus.resolve("wavs/speakers/s1/0_0.wav");
        Path empty = corpus.resolve("wavs/speakers/s5/1_1.wav");
        Files.writeString(broken, "not audio");
        Files.write(empty, HostilePredictTest.header(1, 8000, 16, 0));
        Path out = dir.resolve("bad-run");
        SpeechCliTest.Result r = cli(TinyCorpus.trainArgs(corpus, out, "--epochs", "1"));
        assertEquals(1, r.status());
        String err = errors(r);
        assertTrue(
                err.startsWith("error: 2 of 36 clips cannot be used (train with --skip-bad to leave them out):"), err);
        assertTrue(err.contains("\n  " + broken + ": not a RIFF/WAVE file"), err);
        assertTrue(err.contains("\n  " + empty + ": no audio: the data chunk holds 0 frames"), err);
        assertFalse(Files.exists(out.resolve("run.json")), "nothing written before the check");

        r = cli(TinyCorpus.trainArgs(corpus, out, "--epochs", "1", "--skip-bad"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("--skip-bad: leaving out 2 of 36 clips:"), r.out());
        JsonObject info = JsonParser.parseString(Files.readString(out.resolve("run.json")))
                .getAsJsonObject();
        assertEquals(2, info.get("skippedClips").getAsInt());
        assertEquals(2, info.getAsJsonArray("skippedFiles").size());
    }

    @Test
    void checkpointsCarryTheirLabelsSoPredictNeedsNoLabelsFile() throws IOException {
        Path best = tiny.run().resolve("best.safetensors");
        Map<String, String> metadata = Checkpoints.readMetadata(best);
        assertEquals("[\"go left\",\"go right\",\"stop\"]", metadata.get("labels"));
        assertEquals("mel", metadata.get("model"));
        assertEquals("1", metadata.get("epoch"));
        Path clip = tiny.corpus().resolve("wavs/speakers/s6/2_0.wav");
        SpeechCliTest.Result r =
                cli("predict", "--checkpoint", best.toString(), "--backend", "reference", clip.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith(clip + ":"), r.out());
        r = cli(
                "evaluate",
                "--checkpoint",
                best.toString(),
                "--data",
                tiny.corpus().toString(),
                "--format",
                "fsc",
                "--backend",
                "reference");
        assertEquals(0, r.status(), r.err());
    }

    @Test
    void aLabelsFileInAnotherOrderIsRefused() throws IOException {
        Path shuffled = Files.writeString(dir.resolve("shuffled.txt"), "stop\ngo left\ngo right\n");
        Path clip = tiny.corpus().resolve("wavs/speakers/s6/2_0.wav");
        SpeechCliTest.Result r = cli(TinyCorpus.modelArgs(
                "predict",
                tiny.run().resolve("best.safetensors"),
                shuffled,
                "--backend",
                "reference",
                clip.toString()));
        assertEquals(1, r.status());
        assertEquals(
                "error: " + shuffled + " lists [stop, go left, go right] but "
                        + tiny.run().resolve("best.safetensors")
                        + " was trained with [go left, go right, stop] (in that order); leave out "
                        + "--labels to use the checkpoint's own",
                errors(r));
    }

    @Test
    void nanWeightsAreRefusedInOneLine() throws IOException {
        Path best = tiny.run().resolve("best.safetensors");
        SafeTensors.Contents c = SafeTensors.read(best);
        Map<String, HostArray> tensors = new LinkedHashMap<>(c.tensors());
        HostArray w = tensors.get("2.weight");
        float[] poisoned = w.floats().clone();
        poisoned[3] = Float.NaN;
        tensors.put("2.weight", HostArray.ofFloats(poisoned, w.shape()));
        Path nan = dir.resolve("nan.safetensors");
        SafeTensors.write(nan, tensors, c.metadata());
        Path clip = tiny.corpus().resolve("wavs/speakers/s6/2_0.wav");
        SpeechCliTest.Result r =
                cli("predict", "--checkpoint", nan.toString(), "--json", "--backend", "reference", clip.toString());
        assertEquals(1, r.status());
        assertEquals("", r.out(), "no NaN in the JSON output");
        assertEquals(
                "error: " + nan + ": tensor '2.weight' holds NaN; the weights are unusable (did training "
                        + "diverge?)",
                errors(r));
    }

    @Test
    void aForeignTensorNameIsNamed() throws IOException {
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        tensors.put("0.weight", HostArray.ofFloats(new float[32 * 100], 32, 1, 100));
        tensors.put("head.weight", HostArray.ofFloats(new float[6], 3, 2));
        Path foreign = dir.resolve("foreign.safetensors");
        SafeTensors.write(foreign, tensors, Map.of());
        SpeechCliTest.Result r = cli(TinyCorpus.modelArgs(
                "predict", foreign, tiny.run().resolve("labels.txt"), "--backend", "reference", foreign.toString()));
        assertEquals(1, r.status());
        assertEquals(
                "error: " + foreign + " is not a speech model checkpoint: tensor 'head.weight' is not named "
                        + "'<layer index>.<parameter>' as a Sequential's state dict is",
                errors(r));
    }

    @Test
    void lrOnResumeOverridesTheSavedRateAndSaysSo() throws IOException {
        Path copy = TinyCorpus.copyRun(tiny.run(), dir.resolve("resumed-lr"));
        SpeechCliTest.Result r =
                cli(TinyCorpus.trainArgs(tiny.corpus(), copy, "--epochs", "2", "--resume", "--lr", "0.002"));
        assertEquals(0, r.status(), r.err());
        assertTrue(
                r.out()
                        .contains("--lr 0.00200 overrides the learning rate 0.0100 saved in "
                                + "last.optimizer.safetensors"),
                r.out());
    }

    @Test
    void explodingLossStopsTheRunKeepingTheLastGoodEpoch() throws IOException {
        Path copy = TinyCorpus.copyRun(tiny.run(), dir.resolve("diverging"));
        byte[] last = Files.readAllBytes(copy.resolve("last.safetensors"));
        SpeechCliTest.Result r =
                cli(TinyCorpus.trainArgs(tiny.corpus(), copy, "--epochs", "4", "--resume", "--lr", "1e6"));
        assertEquals(1, r.status(), r.out());
        String err = errors(r);
        assertTrue(err.startsWith("error: the training loss became "), err);
        assertTrue(
                err.contains("training stopped before the update (try a lower --lr); the last good checkpoint is "
                        + copy.resolve("last.safetensors")),
                err);
        // the epoch in which it diverged committed nothing
        assertTrue(Files.readAllLines(copy.resolve("metrics.csv")).size() <= 3, "epoch 1 (and at most a 2nd)");
        if (Files.readAllLines(copy.resolve("metrics.csv")).size() == 2) {
            assertArrayEquals(last, Files.readAllBytes(copy.resolve("last.safetensors")));
        }
    }

    @Test
    void ruleForExplodingLossIsAHundredTimesAUniformGuess() {
        EpochTrainer trainer = new EpochTrainer(null, null, 10, false);
        assertEquals(100 * Math.log(10), trainer.explodingLoss(), 1e-9);
        assertEquals(100, new EpochTrainer(null, null, 2, false).explodingLoss(), 1e-9);
        assertNotEquals(0, trainer.explodingLoss());
    }

    @Test
    void checkpointsStillLoadInPyTorchShape() throws CheckpointException {
        // The metadata is strings only, so safetensors.torch.load_file accepts it (the PyTorch test checks that).
        Map<String, String> metadata = Checkpoints.readMetadata(tiny.run().resolve("last.safetensors"));
        assertEquals("pt", metadata.get("format"));
    }

    @Test
    void anOutThatIsAFileIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        SpeechCliTest.Result r = cli(TinyCorpus.trainArgs(tiny.corpus(), file, "--epochs", "1"));
        assertEquals(1, r.status());
        assertEquals("error: " + file + ": not a directory (--out names the folder a run is written to)", errors(r));
    }

    @Test
    void anUnreadableClipIsNamedWithTheReason() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files whatever their mode");
        Path clip = Files.copy(tiny.corpus().resolve("wavs/speakers/s6/2_0.wav"), dir.resolve("locked.wav"));
        Files.setPosixFilePermissions(clip, PosixFilePermissions.fromString("---------"));
        SpeechCliTest.Result r = cli(
                "predict",
                "--checkpoint",
                tiny.run().resolve("best.safetensors").toString(),
                "--backend",
                "reference",
                clip.toString());
        assertEquals(1, r.status());
        assertEquals("error: " + clip + ": permission denied", errors(r));
    }

    @Test
    void evaluateNamesEveryBadClipOrSkipsThem() throws IOException {
        Path corpus = TinyCorpus.write(dir.resolve("bad-eval-corpus"));
        Path broken = corpus.resolve("wavs/speakers/s6/0_0.wav");
        Files.writeString(broken, "RIFF");
        String[] args = {
            "evaluate",
            "--checkpoint",
            tiny.run().resolve("best.safetensors").toString(),
            "--data",
            corpus.toString(),
            "--format",
            "fsc",
            "--backend",
            "reference"
        };
        SpeechCliTest.Result r = cli(args);
        assertEquals(1, r.status());
        assertEquals(
                "error: 1 of 6 clips cannot be used (evaluate with --skip-bad to leave them out):\n  " + broken
                        + ": not a RIFF/WAVE file (only 4 bytes)",
                errors(r));
        String[] skipping = java.util.Arrays.copyOf(args, args.length + 1);
        skipping[args.length] = "--skip-bad";
        r = cli(skipping);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("accuracy") && r.out().contains("(5 clips)"), r.out());
    }
}
