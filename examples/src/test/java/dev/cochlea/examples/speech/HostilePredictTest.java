package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code predict} over a folder that mixes good clips with hostile ones, in a child JVM limited to 1 GB of heap: every
 * good clip is classified, every bad one gets one "error:" line naming it, and the whole run ends in bounded time.
 */
@EnabledOnOs(OS.LINUX)
class HostilePredictTest extends TrainedTinyRun {
    /** A WAV header (PCM 16-bit mono unless said otherwise) followed by {@code dataBytes} of data. */
    static byte[] header(int channels, int rate, int bits, long dataBytes) {
        int block = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt((int) (36 + dataBytes))
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII))
                .putInt(16)
                .putShort((short) 1)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * block)
                .putShort((short) block)
                .putShort((short) bits)
                .put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt((int) dataBytes);
        return b.array();
    }

    private static Path withData(String name, byte[] header, long dataBytes) throws IOException {
        Path file = dir.resolve("hostile").resolve(name);
        Files.createDirectories(file.getParent());
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(header);
            raf.setLength(header.length + dataBytes); // sparse: costs no disk
        }
        return file;
    }

    @Test
    void everyGoodClipIsClassifiedAndEveryBadOneNamedUnderOneGigabyteOfHeap() throws Exception {
        Map<String, Path> bad = new java.util.LinkedHashMap<>();
        bad.put("1 Hz", withData("rate1.wav", header(1, 1, 16, 200_000), 200_000));
        bad.put("2^31-1 Hz", withData("ratemax.wav", header(1, Integer.MAX_VALUE, 16, 9_000), 9_000));
        bad.put("1,000,003 Hz", withData("rateprime.wav", header(1, 1_000_003, 16, 9_000), 9_000));
        bad.put("65535 channels", withData("channels.wav", header(65535, 8000, 8, 65535), 65535));
        bad.put("0 frames", withData("empty.wav", header(1, 8000, 16, 0), 0));
        bad.put("truncated", withData("truncated.wav", header(1, 8000, 16, 100_000), 10));
        bad.put("text", Files.writeString(dir.resolve("hostile/notes.wav"), "not audio"));
        bad.put("NaN", dir.resolve("hostile/nan.wav"));
        Wav.write(bad.get("NaN"), new float[] {0.1f, Float.NaN, 0.2f}, 16000, SampleEncoding.FLOAT32);
        bad.put("directory", Files.createDirectories(dir.resolve("hostile/folder.wav")));
        bad.put("/dev/zero", Path.of("/dev/zero"));
        bad.put("missing", dir.resolve("hostile/absent.wav"));
        Path good = tiny.corpus().resolve("wavs/speakers/s6/0_0.wav");
        Path huge = withData("huge.wav", header(1, 44100, 16, (2L << 30) - 100), (2L << 30) - 100); // 2 GB, valid
        List<String> args = new ArrayList<>(List.of(
                "predict",
                "--checkpoint",
                tiny.run().resolve("best.safetensors").toString(),
                "--backend",
                "reference",
                "--json"));
        args.add(good.toString());
        bad.values().forEach(p -> args.add(p.toString()));
        args.add(huge.toString());
        args.add(good.toString());
        long start = System.nanoTime();
        ChildJvm.Result r = ChildJvm.run(dir.resolve("child"), List.of("-Xmx1g"), 120, args.toArray(String[]::new));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, r.status(), "exit 1 after the bad files: " + r.out() + r.err());
        List<String> out = r.out().lines().toList();
        assertEquals(3, out.size(), "the two good clips and the 2 GB one, as JSON: " + r.out());
        for (String line : out) {
            assertTrue(com.google.gson.JsonParser.parseString(line).isJsonObject(), line);
        }
        // The JVM's own warnings (incubator module; on JDK 25 also JOCL's native access, then a blank line) aside.
        List<String> errors = r.err()
                .lines()
                .filter(l -> !l.startsWith("WARNING") && !l.isBlank())
                .toList();
        assertEquals(bad.size(), errors.size(), "one line per bad file: " + r.err());
        int i = 0;
        for (Map.Entry<String, Path> e : bad.entrySet()) {
            String line = errors.get(i++);
            assertTrue(line.startsWith("error: " + e.getValue()), e.getKey() + ": " + line);
        }
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(seconds < 100, "bounded time: " + seconds + " s");
    }
}
