package dev.cochlea.audio;

import static dev.cochlea.audio.WavBytes.chunk;
import static dev.cochlea.audio.WavBytes.fmt;
import static dev.cochlea.audio.WavBytes.riff;
import static dev.cochlea.audio.WavBytes.wav;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.data.ClipPreparer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files a careless or hostile user feeds the reader: each ends in an {@link AudioFormatException} naming the file, in
 * bounded time and memory, or in the first chunk's audio.
 */
class WavHostileTest {
    @TempDir
    Path dir;

    private String reason(String name, byte[] bytes) throws IOException {
        Path file = Files.write(dir.resolve(name), bytes);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Wav.read(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertThrows(AudioFormatException.class, () -> new ClipPreparer(16000, 32000).prepare(file));
        return e.getMessage().substring(file.toString().length() + 2);
    }

    @Test
    void sampleRatesOutsideTheSaneRangeAreRefusedBeforeAnyResampling() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            short[] samples = new short[100_000];
            for (int rate : new int[] {1, 999, 768_001, 1_000_003, Integer.MAX_VALUE, -1}) {
                String reason = reason("rate" + rate + ".wav", WavBytes.pcm16(rate, samples));
                assertTrue(
                        reason.startsWith("invalid sample rate " + Integer.toUnsignedLong(rate) + " Hz (supported: "
                                + "1000 to 768000 Hz)"),
                        reason);
            }
        });
    }

    @Test
    void tooManyChannelsAreRefused() throws IOException {
        assertEquals(
                "fmt chunk declares 65535 channels (at most 64 are read)",
                reason("channels.wav", wav(fmt(1, 65535, 8000, 8), new byte[65535])));
    }

    @Test
    void nonFiniteSamplesAreRefusedNamingWhere() throws IOException {
        assertEquals(
                "sample 1 of channel 0 is NaN (only finite samples are audio)",
                reason("nan.wav", WavBytes.float32(0.5f, Float.NaN)));
        assertEquals(
                "sample 2 of channel 0 is Infinity (only finite samples are audio)",
                reason("inf.wav", WavBytes.float32(0.5f, 0f, Float.POSITIVE_INFINITY)));
    }

    @Test
    void zeroFramesAreRefused() throws IOException {
        assertEquals(
                "no audio: the data chunk holds 0 frames", reason("empty.wav", wav(fmt(1, 1, 8000, 16), new byte[0])));
        assertEquals(
                "no audio: the data chunk holds 0 frames",
                reason("partial.wav", wav(fmt(1, 1, 8000, 16), new byte[1])));
    }

    @Test
    void theFirstOfTwoDataChunksIsUsedAsSoxAndTorchaudioDo() throws IOException {
        byte[] first = {0, 0x40}; // 0.5
        byte[] second = {0, (byte) 0xC0, 0, (byte) 0xC0}; // -0.5, -0.5
        byte[] bytes = riff(chunk("fmt ", fmt(1, 1, 8000, 16)), chunk("data", first), chunk("data", second));
        Path file = Files.write(dir.resolve("two-data.wav"), bytes);
        assertArrayEquals(new float[] {0.5f}, Wav.read(file).channel(0));
        assertEquals(1, Wav.probe(file).frames());
    }

    @Test
    void dataBeforeFmtIsStillRead() throws IOException {
        byte[] bytes = riff(chunk("data", new byte[] {0, 0x40}), chunk("fmt ", fmt(1, 1, 8000, 16)));
        assertArrayEquals(new float[] {0.5f}, Wav.read(bytes, "data-first").channel(0));
    }

    /** A 2 GB file (sparse on disk) with a valid header: a 2 s clip of it costs what a short file costs. */
    @Test
    void aTwoGigabyteFileCostsOnlyTheFramesThatAreUsed() throws IOException {
        Path file = dir.resolve("huge.wav");
        long dataBytes = (2L << 30) - 64;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt((int) (dataBytes + 36)).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(16).put(fmt(1, 1, 16000, 16));
        header.put("data".getBytes()).putInt((int) dataBytes);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header.array());
            raf.setLength(44 + dataBytes);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertEquals((dataBytes) / 2, Wav.probe(file).frames());
            assertEquals(32000, new ClipPreparer(16000, 32000).prepare(file).length);
            assertEquals(48000, Wav.read(file, 48000).numFrames());
            try (WavFile wav = WavFile.open(file)) {
                assertEquals(10, wav.readMono(10).numFrames());
            }
        });
        // Decoding all of it would take 4 GB of floats: refused (the test JVM has at most 6 GB, of which half may go).
        if (Runtime.getRuntime().maxMemory() / 2 < 4L << 30) {
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> Wav.read(file));
            assertTrue(
                    e.getMessage()
                            .endsWith("more than this JVM can hold; read a prefix (Wav.read(path, " + "maxFrames))"),
                    e.getMessage());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void devicesAreRefusedWithoutReadingThem() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> Wav.read(Path.of("/dev/zero")));
            assertEquals("/dev/zero: not a regular file", e.getMessage());
        });
    }

    @Test
    void manyTinyChunksAreBounded() {
        byte[] junk = new byte[8 * 20_000];
        for (int i = 0; i < junk.length; i += 8) {
            System.arraycopy("JUNK".getBytes(), 0, junk, i, 4); // size 0 each
        }
        byte[] bytes = new byte[12 + junk.length];
        System.arraycopy(riff(), 0, bytes, 0, 12);
        System.arraycopy(junk, 0, bytes, 12, junk.length);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Wav.read(bytes, "junk"));
        assertEquals("junk: more than 10000 chunks before the fmt and data chunks", e.getMessage());
    }

    @Test
    void aStreamIsReadOnlyUpToItsLimit() {
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Wav.read(endless, "endless"));
        assertTrue(e.getMessage().startsWith("endless: stream longer than"), e.getMessage());
    }
}
