package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.Wav;
import dev.cochlea.data.DatasetSplits;
import dev.cochlea.data.FluentSpeechCommands;
import dev.cochlea.data.LabelledClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthTest {
    @TempDir
    Path dir;

    @Test
    void atLeast248DistinctPhrasesWithIntents() {
        List<SmartHomePhrases.Phrase> all = SmartHomePhrases.all();
        Set<String> texts = new HashSet<>();
        all.forEach(p -> texts.add(p.text()));
        assertEquals(all.size(), texts.size(), "phrases are distinct");
        assertTrue(all.size() >= 248, "got " + all.size());
        assertEquals("turn on the lights", all.get(0).text());
        assertEquals("turn up the heating", all.get(1).text(), "devices alternate");
        assertTrue(all.stream()
                .anyMatch(p -> p.text().equals("lock the door in the garage")
                        && p.action().equals("lock")
                        && p.location().equals("garage")));
    }

    @Test
    void speakersAreDistinctAndDeterministic() {
        List<SyntheticSpeaker> a = SyntheticSpeaker.draw(100, 7);
        assertEquals(a, SyntheticSpeaker.draw(100, 7));
        Set<String> voices = new HashSet<>();
        a.forEach(s -> voices.add(s.voice()));
        assertEquals(100, voices.size());
        assertTrue(a.stream().allMatch(s -> s.pitch() >= 25 && s.pitch() <= 75 && s.rate() >= 130 && s.rate() <= 200));
    }

    @Test
    void trimSilenceKeepsTheSoundWithMargins() {
        float[] x = new float[1000];
        for (int i = 400; i < 500; i++) {
            x[i] = 0.5f;
        }
        float[] t = SynthCommand.trimSilence(x, 2000);
        assertEquals(100 + 2 * 100, t.length, "100 samples of sound plus 50 ms (100 samples) each side");
    }

    private static boolean espeakInstalled() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void synthWritesAnFscCorpusSplitBySpeakerDeterministically() throws IOException {
        Assumptions.assumeTrue(espeakInstalled(), "espeak-ng is not installed (apt-get install espeak-ng): skipping");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path out : List.of(a, b)) {
            SpeechCliTest.Result r = SpeechCliTest.cli(
                    "synth",
                    "--out",
                    out.toString(),
                    "--phrases",
                    "3",
                    "--speakers",
                    "4",
                    "--seed",
                    "5",
                    "--threads",
                    "2",
                    "--no-progress");
            assertEquals(0, r.status(), r.err());
        }
        DatasetSplits splits = FluentSpeechCommands.read(a);
        assertEquals(3, splits.labels().size());
        assertEquals(
                3 * 4,
                splits.train().size() + splits.valid().size() + splits.test().size());
        assertEquals(3, splits.valid().size(), "one speaker of four is held out for validation");
        assertEquals(3, splits.test().size(), "and one for test");
        Set<String> trainSpeakers = new HashSet<>();
        splits.train().forEach(c -> trainSpeakers.add(c.speaker()));
        assertTrue(splits.test().stream().noneMatch(c -> trainSpeakers.contains(c.speaker())), "split by speaker");
        for (LabelledClip clip : splits.train()) {
            AudioClip audio = Wav.read(clip.file());
            assertEquals(16000, audio.sampleRate());
            assertEquals(1, audio.numChannels());
            assertTrue(
                    audio.durationSeconds() > 0.3 && audio.durationSeconds() < 3,
                    clip.file() + ": " + audio.durationSeconds() + " s");
            Path twin = b.resolve(a.relativize(clip.file()));
            assertArrayEquals(Files.readAllBytes(clip.file()), Files.readAllBytes(twin), "same seed, same file");
        }
        assertEquals(
                Files.readString(a.resolve("data/train_data.csv")), Files.readString(b.resolve("data/train_data.csv")));
    }
}
