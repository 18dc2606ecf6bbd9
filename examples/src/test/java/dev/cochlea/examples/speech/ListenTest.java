package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.TargetDataLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen} on a recording made of eight held-out FSDD clips (official split: takes 0-4, which the model never
 * trained on) with 1.2 s of silence before, between and after them. The model is the mel network trained by
 * tools/listen/train_fsdd_mel.sh (0.96 MiB, committed under src/test/resources/listen). Every digit must be found, in
 * order, with nothing else, and each time stamp within 0.25 s of where its clip starts. Skips when FSDD is absent.
 */
class ListenTest {
    private static final String[] CLIPS = {
        "3_theo_0", "7_jackson_1", "0_nicolas_2", "9_george_3", "5_lucas_4", "1_yweweler_0", "8_theo_2", "4_jackson_3"
    };
    private static final double GAP_SECONDS = 1.2;
    private static final double TOLERANCE_SECONDS = 0.25;

    @TempDir
    static Path dir;

    static Path checkpoint;
    static Path labels;

    /** Where each clip starts in the recording, in seconds. */
    private static final double[] STARTS = new double[CLIPS.length];

    @BeforeAll
    static void copyModel() throws IOException {
        checkpoint = copy("fsdd-mel.safetensors");
        labels = copy("labels.txt");
    }

    private static Path copy(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = ListenTest.class.getResourceAsStream("/listen/" + name)) {
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    private static Path fsdd() {
        String configured = System.getProperty("cochlea.fsdd");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared/data/fsdd");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The clips with silence around them, at FSDD's 8 kHz. */
    private static AudioClip recording() throws IOException {
        Path root = fsdd();
        assumeTrue(
                root != null,
                "FSDD not found (no shared/data/fsdd above the working directory, no -Dcochlea.fsdd);"
                        + " skipping the listen test on real speech");
        int rate = 8000;
        int gap = (int) (GAP_SECONDS * rate);
        List<float[]> parts = new ArrayList<>();
        int length = gap;
        for (int i = 0; i < CLIPS.length; i++) {
            Path file = root.resolve("recordings").resolve(CLIPS[i] + ".wav");
            assumeTrue(Files.isRegularFile(file), file + " is absent; skipping the listen test");
            AudioClip clip = Wav.read(file);
            assertEquals(rate, clip.sampleRate());
            STARTS[i] = (double) length / rate;
            parts.add(clip.mono());
            length += clip.numFrames() + gap;
        }
        float[] all = new float[length];
        int at = gap;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length + gap;
        }
        return AudioClip.ofMono(all, rate);
    }

    private static void assertFindsEveryDigit(List<Detection> found) {
        assertEquals(CLIPS.length, found.size(), "one detection per clip: " + found);
        for (int i = 0; i < CLIPS.length; i++) {
            Detection d = found.get(i);
            assertEquals(CLIPS[i].substring(0, 1), d.label(), "clip " + CLIPS[i] + ": " + found);
            assertEquals(STARTS[i], d.seconds(), TOLERANCE_SECONDS, "time stamp of " + CLIPS[i] + ": " + found);
        }
    }

    @Test
    void findsTheDigitsOfAWavFileWithTheirTimes() throws IOException {
        Path wav = dir.resolve("digits.wav");
        Wav.write(wav, recording(), SampleEncoding.PCM_S16);
        SpeechCliTest.Result r = SpeechCliTest.cli(
                "listen", "--checkpoint", checkpoint.toString(), "--labels", labels.toString(), wav.toString());
        assertEquals(0, r.status(), r.err());
        List<Detection> found = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            String[] f = line.trim().split("\\s+");
            assertEquals("s", f[1], "a line reads 'SECONDS s LABEL PROBABILITY': " + line);
            found.add(new Detection(f[2], Double.parseDouble(f[0]), Double.parseDouble(f[3])));
        }
        assertFindsEveryDigit(found);
        assertTrue(r.err().contains("8 command(s) found"), r.err());
    }

    @Test
    void findsTheDigitsInRawPcmFromAStream() throws IOException {
        AudioClip clip = recording();
        float[] samples = clip.mono();
        byte[] pcm = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            int v = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768f)));
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        List<Detection> found = new ArrayList<>();
        try (Predictor predictor = Predictor.load(checkpoint, labels)) {
            Listener listener =
                    new Listener(predictor, clip.sampleRate(), new Listener.Options(0.1, 0.7, -50, 1), found::add);
            // odd-sized reads split samples across chunks, as a pipe may
            InputStream in = new ByteArrayInputStream(pcm) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 777));
                }
            };
            assertEquals(samples.length, PcmSource.pump(in, listener, -1));
            listener.finish();
        }
        assertFindsEveryDigit(found);
    }

    @Test
    void microphoneWithoutACaptureDeviceSaysSoInOneLine() {
        AudioFormat format = new AudioFormat(16000, 16, 1, true, false);
        boolean present;
        try {
            present = AudioSystem.isLineSupported(new DataLine.Info(TargetDataLine.class, format));
        } catch (RuntimeException e) {
            present = false;
        }
        assumeFalse(present, "this machine has a capture device; the live microphone is not exercised by tests");
        SpeechCliTest.Result r = SpeechCliTest.cli(
                "listen",
                "--checkpoint",
                checkpoint.toString(),
                "--labels",
                labels.toString(),
                "--mic",
                "--seconds",
                "1");
        assertEquals(1, r.status());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
        assertTrue(r.err().contains("error: no microphone"), r.err());
    }

    @Test
    void needsExactlyOneSource() {
        SpeechCliTest.Result r =
                SpeechCliTest.cli("listen", "--checkpoint", checkpoint.toString(), "--labels", labels.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("exactly one source"), r.err());
    }
}
