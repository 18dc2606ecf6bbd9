package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavWriteTest {
    @TempDir
    Path dir;

    private static AudioClip stereoClip() {
        int n = 101; // odd, so 8-bit mono data would need a pad byte
        float[][] channels = new float[2][n];
        for (int i = 0; i < n; i++) {
            channels[0][i] = (float) (0.8 * Math.sin(i * 0.3));
            channels[1][i] = (float) (-0.5 * Math.cos(i * 0.17));
        }
        return new AudioClip(channels, 22050);
    }

    /** The quantisation step of each encoding: a round trip may move a sample by half of it. */
    private static double step(SampleEncoding encoding) {
        return switch (encoding) {
            case FLOAT32, FLOAT64 -> 0;
            default -> Math.pow(2, 1 - encoding.bitsPerSample());
        };
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void roundTripsEveryEncoding(SampleEncoding encoding) throws IOException {
        AudioClip clip = stereoClip();
        Path file = dir.resolve("clip_" + encoding + ".wav");
        Wav.write(file, clip, encoding);
        AudioClip back = Wav.read(file);
        assertEquals(new WavFormat(encoding, 2, 22050, 101), Wav.probe(file));
        for (int c = 0; c < 2; c++) {
            double error = Golden.maxAbsDiff(clip.channel(c), back.channel(c));
            assertEquals(0, error, step(encoding) / 2 + 1e-9, encoding + " channel " + c);
        }
    }

    @Test
    void monoOddLengthEightBitGetsAPadByte() throws IOException {
        Path file = dir.resolve("u8.wav");
        float[] samples = {0f, 0.5f, -0.5f};
        Wav.write(file, samples, 8000, SampleEncoding.PCM_U8);
        assertEquals(44 + 3 + 1, Files.size(file));
        assertArrayEquals(samples, Wav.read(file).channel(0));
    }

    @Test
    void pcmClampsOutOfRangeSamples() throws IOException {
        Path file = dir.resolve("loud.wav");
        Wav.write(file, new float[] {2f, -2f, 1f, Float.NaN}, 16000, SampleEncoding.PCM_S16);
        assertArrayEquals(
                new float[] {32767 / 32768f, -1f, 32767 / 32768f, 0f},
                Wav.read(file).channel(0));
    }

    @Test
    void overwritesAtomicallyWithoutLeavingTemporaryFiles() throws IOException {
        Path file = dir.resolve("out.wav");
        Wav.write(file, new float[] {0.25f}, 16000, SampleEncoding.FLOAT32);
        Wav.write(file, new float[] {0.5f, 0.75f}, 16000, SampleEncoding.FLOAT32);
        assertArrayEquals(new float[] {0.5f, 0.75f}, Wav.read(file).channel(0));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the target file remains");
        }
    }

    @Test
    void writtenBytesMatchScipysLayout() throws IOException {
        // The 16-bit golden file was written by scipy; re-encoding its samples gives the same bytes.
        Path golden = Golden.resource("pcm_s16_8k_mono.wav");
        AudioClip clip = Wav.read(golden);
        assertArrayEquals(Files.readAllBytes(golden), Wav.toBytes(clip, SampleEncoding.PCM_S16));
    }
}
