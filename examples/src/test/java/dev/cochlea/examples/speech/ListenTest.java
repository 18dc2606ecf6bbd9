package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import dev.cochlea.audio.WavFile;
import dev.cochlea.data.FsddLocation;
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
        ListenModel model = ListenModel.copyTo(dir);
        checkpoint = model.checkpoint();
        labels = model.labels();
    }

    /** The clips with silence around them, at FSDD's 8 kHz. */
    private static AudioClip recording() throws IOException {
        Path root = FsddLocation.require("the listen test on real speech");
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
        SpeechCliTest.Result r = SpeechCliTest.cli(listen(wav.toString()));
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

    /**
     * The file source streams: chunk by chunk through WavFile, windows classified 16 at a time. Before, the whole file
     * was decoded and handed to the listener in one call, which classified all its windows in one model call; a
     * listener with an unbounded batch fed the whole decoded file does exactly that. Both give the same detections,
     * to the last bit of each probability, for a mono 16-bit file and for a stereo float file (mixed to mono).
     */
    @Test
    void streamingAFileGivesTheDetectionsOfDecodingItWhole() throws IOException {
        AudioClip clip = recording();
        float[] mono = clip.mono();
        float[][] stereo = {new float[mono.length], new float[mono.length]};
        for (int i = 0; i < mono.length; i++) {
            stereo[0][i] = 0.8f * mono[i];
            stereo[1][i] = 0.5f * mono[i] + 1e-3f * (float) Math.sin(i * 0.01);
        }
        Path monoWav = dir.resolve("digits-s16.wav");
        Path stereoWav = dir.resolve("digits-stereo-f32.wav");
        Wav.write(monoWav, clip, SampleEncoding.PCM_S16);
        Wav.write(stereoWav, new AudioClip(stereo, clip.sampleRate()), SampleEncoding.FLOAT32);
        try (Predictor predictor = Predictor.load(checkpoint, labels)) {
            for (Path wav : List.of(monoWav, stereoWav)) {
                AudioClip decoded = Wav.read(wav);
                List<Detection> whole = new ArrayList<>();
                Listener wholeListener = new Listener(
                        predictor,
                        decoded.sampleRate(),
                        new Listener.Options(0.1, 0.7, -50, Integer.MAX_VALUE),
                        whole::add);
                float[] samples = decoded.mono();
                wholeListener.accept(samples, 0, samples.length);
                wholeListener.finish();

                List<Detection> streamed = new ArrayList<>();
                long windows;
                try (WavFile file = WavFile.open(wav)) {
                    Listener listener = new Listener(
                            predictor,
                            file.format().sampleRate(),
                            new Listener.Options(0.1, 0.7, -50, 16),
                            streamed::add);
                    assertEquals(samples.length, WavFileSource.pump(file, listener, -1));
                    listener.finish();
                    windows = listener.windowsClassified();
                }
                assertEquals(whole, streamed, wav.getFileName().toString());
                assertEquals(wholeListener.windowsClassified(), windows);
                assertTrue(windows > 16, "more than one batch: " + windows);
                if (wav.equals(monoWav)) {
                    assertFindsEveryDigit(streamed);
                }
            }
        }
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
        SpeechCliTest.Result r = SpeechCliTest.cli(listen("--mic", "--seconds", "1"));
        assertEquals(1, r.status());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
        assertTrue(r.err().contains("error: no microphone"), r.err());
    }

    /**
     * Bad input ends listen with one "error:" line naming the file and the problem: a file that is not a WAV file
     * before anything is read, and a non-finite sample when the stream reaches it (after what came before it).
     */
    @Test
    void aBadFileGetsOneLineNamingItAndTheProblem() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.wav"), "not audio");
        float[] samples = new float[8000 * 5];
        samples[8000 * 4 + 17] = Float.NaN;
        Path nan = dir.resolve("nan-at-4s.wav");
        Wav.write(nan, samples, 8000, SampleEncoding.FLOAT32);
        for (Path file : List.of(text, nan, dir.resolve("absent.wav"))) {
            SpeechCliTest.Result r = SpeechCliTest.cli(listen(file.toString()));
            assertEquals(1, r.status(), r.err());
            List<String> errors =
                    r.err().lines().filter(l -> l.startsWith("error:")).toList();
            assertEquals(1, errors.size(), r.err());
            assertTrue(errors.get(0).startsWith("error: " + file), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
        SpeechCliTest.Result r = SpeechCliTest.cli(listen(nan.toString()));
        assertTrue(r.err().contains("sample 32017 of channel 0 is NaN"), r.err());
        r = SpeechCliTest.cli(listen("--seconds", "-1", nan.toString()));
        assertEquals(1, r.status());
        assertTrue(r.err().contains("error: --seconds must be >= 0, got -1.0"), r.err());
    }

    @Test
    void needsExactlyOneSource() {
        SpeechCliTest.Result r = SpeechCliTest.cli(listen());
        assertEquals(1, r.status());
        assertTrue(r.err().contains("exactly one source"), r.err());
    }

    /** {@code listen} on the test model, then {@code more}. */
    private static String[] listen(String... more) {
        return TinyCorpus.modelArgs("listen", checkpoint, labels, more);
    }
}
