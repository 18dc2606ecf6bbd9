package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.io.Checkpoints;
import dev.cochlea.io.HostArray;
import dev.cochlea.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child {@code train} JVM at each point of an epoch's commit (and at two arbitrary moments), then resumes it:
 * the folder always holds one consistent epoch, and the resumed run ends with exactly the weights and optimizer
 * state of a run that was never interrupted (the reference backend is deterministic, and resuming restores
 * everything the next epoch depends on).
 */
@EnabledOnOs(OS.LINUX)
class KillResumeTest {
    private static final String EPOCHS = "2";

    @TempDir
    static Path dir;

    static Path corpus;
    static Path reference;

    @BeforeAll
    static void uninterruptedRun() throws IOException {
        corpus = TinyCorpus.write(dir.resolve("fsc"));
        reference = dir.resolve("reference");
        SpeechCliTest.Result r = SpeechCliTest.cli(TinyCorpus.trainArgs(corpus, reference, "--epochs", EPOCHS));
        assertEquals(0, r.status(), r.err());
    }

    private static void killThenResume(String name, List<String> jvmOptions, long killAfterMillis) throws Exception {
        Path out = dir.resolve(name);
        ChildJvm.Result killed = ChildJvm.run(
                dir.resolve("child-" + name),
                jvmOptions,
                300,
                killAfterMillis,
                TinyCorpus.trainArgs(corpus, out, "--epochs", EPOCHS));
        assertTrue(
                killed.status() == 137 || killed.status() == -9 || killed.status() == 0,
                name + ": " + killed.status() + killed.err());
        SpeechCliTest.Result resumed = SpeechCliTest.cli(TinyCorpus.trainArgs(
                corpus, out, "--epochs", EPOCHS, Files.exists(out.resolve(RunInfo.FILE)) ? "--resume" : "--overwrite"));
        assertEquals(0, resumed.status(), name + ": " + resumed.out() + resumed.err());
        assertSameRun(name, out);
    }

    private static void assertSameRun(String name, Path out) throws IOException {
        for (String file : List.of(Training.LAST, Training.LAST_OPTIMIZER, Training.BEST)) {
            Map<String, HostArray> expected =
                    SafeTensors.read(reference.resolve(file)).tensors();
            Map<String, HostArray> actual = SafeTensors.read(out.resolve(file)).tensors();
            assertEquals(expected.keySet(), actual.keySet(), name + " " + file);
            for (String key : expected.keySet()) {
                if (expected.get(key).isFloat()) {
                    assertArrayEquals(
                            expected.get(key).floats(), actual.get(key).floats(), name + " " + file + " " + key);
                } else {
                    assertArrayEquals(
                            expected.get(key).longs(), actual.get(key).longs(), name + " " + file + " " + key);
                }
            }
        }
        assertEquals(
                EPOCHS, Checkpoints.readMetadata(out.resolve(Training.LAST)).get("epoch"));
        List<String> metrics = Files.readAllLines(out.resolve(Training.METRICS));
        assertEquals(3, metrics.size(), name + ": " + metrics);
        assertTrue(metrics.get(1).startsWith("1,") && metrics.get(2).startsWith("2,"), name + ": " + metrics);
        try (Stream<Path> files = Files.list(out)) {
            List<String> leftovers = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(".") || f.equals(RunFolder.JOURNAL))
                    .toList();
            assertEquals(List.of(), leftovers, name);
        }
        assertFalse(Files.exists(out.resolve(RunFolder.JOURNAL)));
    }

    @Test
    void killedAtEachPointOfTheSecondEpochsCommitResumesToTheSameWeights() throws Exception {
        for (String point : List.of("pending", "journal", "renaming", "renamed")) {
            killThenResume(point, List.of("-Dcochlea.crashAt=" + point + "@2"), -1);
        }
    }

    @Test
    void killedDuringTheFirstCommitStartsAfresh() throws Exception {
        killThenResume("renaming-first", List.of("-Dcochlea.crashAt=renaming@1"), -1);
    }

    @Test
    void killedAtArbitraryMomentsResumesToTheSameWeights() throws Exception {
        for (long millis : new long[] {3_000, 6_000}) {
            killThenResume("kill-" + millis, List.of(), millis);
        }
    }
}
