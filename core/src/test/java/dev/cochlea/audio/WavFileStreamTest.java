package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link WavFile#readMono(long, float[], int, int)}: a file read chunk by chunk, in chunks of any size, gives exactly
 * the samples of reading it whole, and reading at an offset costs only the frames read.
 */
class WavFileStreamTest {
    @TempDir
    Path dir;

    private static AudioClip noise(int channels, int frames, int rate) {
        Random random = new Random(channels * 31L + frames);
        float[][] data = new float[channels][frames];
        for (float[] channel : data) {
            for (int i = 0; i < frames; i++) {
                channel[i] = (float) (random.nextDouble() * 2 - 1) * 0.9f;
            }
        }
        return new AudioClip(data, rate);
    }

    @ParameterizedTest
    @EnumSource(SampleEncoding.class)
    void chunksOfAnySizeGiveTheWholeFilesMonoMix(SampleEncoding encoding) throws IOException {
        for (int channels : new int[] {1, 3}) {
            Path file = dir.resolve(encoding + "_" + channels + ".wav");
            Files.write(file, Wav.toBytes(noise(channels, 70_001, 11025), encoding)); // no fsync: a scratch file
            float[] whole = Wav.read(file).mono();
            try (WavFile wav = WavFile.open(file)) {
                for (int chunk : new int[] {7, 777, 70_000, 200_000}) {
                    float[] buffer = new float[5 + chunk]; // reused, and written from an offset
                    float[] streamed = new float[whole.length];
                    long at = 0;
                    for (int n; (n = wav.readMono(at, buffer, 5, chunk)) > 0; at += n) {
                        assertTrue(n <= chunk);
                        System.arraycopy(buffer, 5, streamed, (int) at, n);
                    }
                    assertEquals(whole.length, at, "frames read in chunks of " + chunk);
                    assertArrayEquals(whole, streamed, encoding + ", " + channels + " channel(s), chunks of " + chunk);
                }
                assertEquals(0, wav.readMono(whole.length, new float[4], 0, 4), "past the end");
                assertEquals(0, wav.readMono(0, new float[4], 0, 0), "nothing asked");
                assertThrows(IllegalArgumentException.class, () -> wav.readMono(-1, new float[4], 0, 4));
                assertThrows(IndexOutOfBoundsException.class, () -> wav.readMono(0, new float[4], 2, 3));
            }
        }
    }

    @Test
    void aNonFiniteSampleIsNamedByItsFrameInTheFile() throws IOException {
        float[] samples = new float[50_000];
        samples[40_001] = Float.POSITIVE_INFINITY;
        Path file = dir.resolve("inf.wav");
        Files.write(file, Wav.toBytes(AudioClip.ofMono(samples, 16000), SampleEncoding.FLOAT32));
        try (WavFile wav = WavFile.open(file)) {
            float[] chunk = new float[1000];
            assertEquals(1000, wav.readMono(39_000, chunk, 0, 1000));
            AudioFormatException e =
                    assertThrows(AudioFormatException.class, () -> wav.readMono(40_000, chunk, 0, 1000));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("sample 40001 of channel 0 is Infinity"), e.getMessage());
        }
    }

    /** The last frames of a 2 GB file (sparse on disk) are read without reading, or holding, what precedes them. */
    @Test
    void framesNearTheEndOfATwoGigabyteFileCostOnlyThemselves() throws IOException {
        Path file = dir.resolve("huge.wav");
        long dataBytes = (2L << 30) - 64;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt((int) (dataBytes + 36))
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        header.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).put(WavBytes.fmt(1, 1, 16000, 16));
        header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        long frames = dataBytes / 2;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header.array());
            raf.setLength(44 + dataBytes);
            raf.seek(44 + 2 * (frames - 1));
            raf.write(new byte[] {0x00, 0x40}); // the last frame: 0x4000 / 32768 = 0.5
        }
        try (WavFile wav = WavFile.open(file)) {
            float[] tail = new float[8];
            assertEquals(3, wav.readMono(frames - 3, tail, 0, 8));
            assertArrayEquals(new float[] {0, 0, 0.5f, 0, 0, 0, 0, 0}, tail);
        }
    }
}
