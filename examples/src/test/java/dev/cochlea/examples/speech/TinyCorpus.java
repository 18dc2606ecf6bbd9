package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny generated Fluent Speech Commands tree (three "commands" that are tones of different pitch, six speakers) and
 * a one-epoch run of the mel model on it with 0.25 s inputs on the reference backend, so CLI tests take seconds.
 */
record TinyCorpus(Path corpus, Path run) {
    static final String[] LABELS = {"go left", "go right", "stop"};
    static final String[] SPEAKERS = {"s1", "s2", "s3", "s4", "s5", "s6"};
    static final String LENGTH = "4000";

    /** Writes the corpus under {@code dir}/fsc and trains one epoch into {@code dir}/run. */
    static TinyCorpus trained(Path dir) throws IOException {
        Path corpus = write(dir.resolve("fsc"));
        Path run = dir.resolve("run");
        SpeechCliTest.Result r = SpeechCliTest.cli(trainArgs(corpus, run, "--epochs", "1", "--lr", "0.01"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("held-out accuracy:"), r.out());
        assertTrue(r.out().contains("charts: " + run.resolve("charts")), r.out());
        return new TinyCorpus(corpus, run);
    }

    /** Copies what {@code --resume} reads from a finished {@code run} (checkpoints, labels, metrics, run.json). */
    static Path copyRun(Path run, Path copy) throws IOException {
        Files.createDirectories(copy);
        for (String name : List.of(
                "last.safetensors",
                "last.optimizer.safetensors",
                "best.safetensors",
                "labels.txt",
                "metrics.csv",
                "run.json")) {
            Files.copy(run.resolve(name), copy.resolve(name));
        }
        return copy;
    }

    /** {@code command --checkpoint CHECKPOINT --labels LABELS}, then {@code more}: a call that loads a trained model. */
    static String[] modelArgs(String command, Path checkpoint, Path labels, String... more) {
        return words(
                List.of(command, "--checkpoint", checkpoint.toString(), "--labels", labels.toString()), List.of(more));
    }

    /** The arguments of a quick mel-model run on the reference backend, plus {@code more}. */
    static String[] trainArgs(Path corpus, Path out, String... more) {
        return words(
                List.of("train", "--model", "mel", "--batch-size", "8", "--threads", "2", "--backend", "reference"),
                data(corpus),
                List.of("--no-progress", "--input-length", LENGTH, "--out", out.toString()),
                List.of(more));
    }

    /** {@code --data CORPUS --format fsc}: the options that point a command at a corpus written by {@link #write}. */
    static List<String> data(Path corpus) {
        return List.of("--data", corpus.toString(), "--format", "fsc");
    }

    /** The parts, one after the other, as one command line. */
    @SafeVarargs
    static String[] words(List<String>... parts) {
        List<String> args = new ArrayList<>();
        for (List<String> part : parts) {
            args.addAll(part);
        }
        return args.toArray(String[]::new);
    }

    /** Three "commands" that are tones of different pitch, six speakers, FSC's layout. */
    static Path write(Path corpus) throws IOException {
        StringBuilder[] csv = {new StringBuilder(), new StringBuilder(), new StringBuilder()};
        for (StringBuilder b : csv) {
            b.append(",path,speakerId,transcription,action,object,location\n");
        }
        for (int s = 0; s < SPEAKERS.length; s++) {
            int split = s < 4 ? 0 : s == 4 ? 1 : 2;
            for (int l = 0; l < LABELS.length; l++) {
                for (int take = 0; take < 2; take++) {
                    String path = "wavs/speakers/" + SPEAKERS[s] + "/" + l + "_" + take + ".wav";
                    tone(corpus.resolve(path), 300 * (l + 1) + 20 * s + 7 * take);
                    csv[split]
                            .append(l)
                            .append(',')
                            .append(path)
                            .append(',')
                            .append(SPEAKERS[s])
                            .append(',')
                            .append(LABELS[l])
                            .append(",act,obj,none\n");
                }
            }
        }
        String[] names = {"train", "valid", "test"};
        Files.createDirectories(corpus.resolve("data"));
        for (int i = 0; i < 3; i++) {
            Files.writeString(corpus.resolve("data/" + names[i] + "_data.csv"), csv[i].toString());
        }
        return corpus;
    }

    /** 0.2 s of a tone at 8 kHz (so the pipeline resamples) with a short fade. */
    static void tone(Path file, double hz) throws IOException {
        float[] x = new float[1600];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float)
                    (0.4 * Math.sin(2 * Math.PI * hz * i / 8000) * Math.min(1, Math.min(i, x.length - i) / 80.0));
        }
        Files.createDirectories(file.getParent());
        Wav.write(file, x, 8000, SampleEncoding.PCM_S16);
    }
}
