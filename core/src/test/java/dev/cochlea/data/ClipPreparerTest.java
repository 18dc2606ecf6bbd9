package dev.cochlea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipPreparerTest {
    @TempDir
    Path dir;

    @Test
    void padsAtTheEndAndCrops() {
        assertArrayEquals(new float[] {1, 2, 0, 0}, ClipPreparer.padOrCrop(new float[] {1, 2}, 4));
        assertArrayEquals(new float[] {1, 2}, ClipPreparer.padOrCrop(new float[] {1, 2, 3}, 2));
    }

    @Test
    void int16IsScaledBy1Over32768() throws IOException {
        // -32768, -1, 0, 1, 32767 as raw PCM: the decoded value must be exactly sample / 32768.
        short[] pcm = {-32768, -1, 0, 1, 32767};
        Path file = dir.resolve("raw.wav");
        Files.write(file, pcm16Wav(pcm, 16000));
        float[] x = new ClipPreparer(16000, 6).prepare(file);
        for (int i = 0; i < pcm.length; i++) {
            assertEquals(pcm[i] / 32768f, x[i], 0f, "sample " + i);
        }
        assertEquals(0f, x[5], 0f, "zero padding");
    }

    /** A minimal 16-bit mono PCM WAV, written by hand so this test does not rely on the writer's scaling. */
    private static byte[] pcm16Wav(short[] samples, int rate) {
        java.nio.ByteBuffer b =
                java.nio.ByteBuffer.allocate(44 + 2 * samples.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * samples.length).put("WAVE".getBytes());
        b.put("fmt ".getBytes())
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) 1)
                .putInt(rate)
                .putInt(2 * rate)
                .putShort((short) 2)
                .putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * samples.length);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    @Test
    void stereoIsMixedToMonoAndResampledToTheModelRate() throws IOException {
        int frames = 800;
        float[] left = new float[frames];
        float[] right = new float[frames];
        for (int i = 0; i < frames; i++) {
            left[i] = (float) Math.sin(2 * Math.PI * 300 * i / 8000.0) * 0.5f;
            right[i] = left[i] * 0.5f;
        }
        Path file = dir.resolve("stereo.wav");
        Wav.write(file, new AudioClip(new float[][] {left, right}, 8000), SampleEncoding.FLOAT32);
        ClipPreparer preparer = new ClipPreparer(16000, 2000);
        float[] x = preparer.prepare(file);
        assertEquals(2000, x.length);
        // 800 frames at 8 kHz become 1600 at 16 kHz; the 300 Hz tone (mean amplitude 0.375) survives resampling.
        for (int i = 200; i < 1400; i++) {
            double expected = 0.375 * Math.sin(2 * Math.PI * 300 * i / 16000.0);
            assertEquals(expected, x[i], 0.01, "sample " + i);
        }
        for (int i = 1600; i < 2000; i++) {
            assertEquals(0f, x[i], 0f, "padding after the resampled clip");
        }
    }

    @Test
    void clipDatasetLabelsAndNamesUnreadableFiles() throws IOException {
        Path good = WavTrees.wav(dir.resolve("good.wav"), 16000, 100, 440);
        Path bad = dir.resolve("bad.wav");
        Files.writeString(bad, "this is not audio");
        ClipDataset dataset = new ClipDataset(
                List.of(new LabelledClip(good, "b", ""), new LabelledClip(bad, "a", "")),
                Map.of("a", 0, "b", 1),
                new ClipPreparer(16000, 160));
        Example e = dataset.get(0);
        assertArrayEquals(new int[] {1, 160}, e.shape());
        assertEquals(1, e.label());
        UncheckedIOException error = assertThrows(UncheckedIOException.class, () -> dataset.get(1));
        assertTrue(error.getMessage().contains("bad.wav"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new ClipDataset(
                        List.of(new LabelledClip(good, "z", "")), Map.of("a", 0), new ClipPreparer(16000, 160)));
    }
}
