package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listen} streams a WAV file: in a child JVM with 64 MB of heap it listens to recordings whose samples would
 * not fit in that heap as floats (a 2 GB data chunk, and 40 minutes at 8 kHz), so its memory is bounded by the window
 * and the chunk, not by the file. The files are sparse (silence costs no disk) with tone bursts written into them, so
 * some windows are classified, near the start and near the end.
 */
@EnabledOnOs(OS.LINUX)
class ListenLongRecordingTest {
    private static final String HEAP = "-Xmx64m";
    private static final int RATE = 8000;
    private static final Pattern SUMMARY =
            Pattern.compile("(\\d+) command\\(s\\) found; (\\d+) window\\(s\\) classified");

    @TempDir
    static Path dir;

    static Path checkpoint;
    static Path labels;

    @BeforeAll
    static void copyModel() throws IOException {
        ListenModel model = ListenModel.copyTo(dir);
        checkpoint = model.checkpoint();
        labels = model.labels();
    }

    /** A mono 16-bit WAV file of {@code dataBytes} of silence, sparse on disk, with a 0.4 s tone at each second. */
    private static Path sparseWav(String name, long dataBytes, double... burstSeconds) throws IOException {
        Path file = dir.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(HostilePredictTest.header(1, RATE, 16, dataBytes));
            raf.setLength(44 + dataBytes);
            ByteBuffer tone = ByteBuffer.allocate(2 * (int) (0.4 * RATE)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; tone.hasRemaining(); i++) {
                tone.putShort((short) (10_000 * Math.sin(2 * Math.PI * 440 * i / RATE)));
            }
            for (double s : burstSeconds) {
                raf.seek(44 + 2 * Math.round(s * RATE));
                raf.write(tone.array());
            }
        }
        return file;
    }

    /** Runs listen in the small heap; returns the windows classified, after checking it ended well. */
    private static long listen(Path wav, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(
                "listen", "--checkpoint", checkpoint.toString(), "--labels", labels.toString(), "--backend", "cpu"));
        args.addAll(List.of(options));
        args.add(wav.toString());
        ChildJvm.Result r = ChildJvm.run(dir.resolve("child"), List.of(HEAP), 120, args.toArray(String[]::new));
        String all = r.out() + r.err();
        assertFalse(all.contains("OutOfMemoryError"), all);
        assertEquals(0, r.status(), all);
        Matcher m = SUMMARY.matcher(r.err());
        assertTrue(m.find(), r.err());
        return Long.parseLong(m.group(2));
    }

    @Test
    void aTwoGigabyteDataChunkIsListenedToInBoundedMemory() throws Exception {
        long dataBytes = (2L << 30) - 100;
        Path wav = sparseWav("huge.wav", dataBytes, 5, 50);
        assertTrue(dataBytes / 2 * Float.BYTES > 64L << 20, "its samples as floats would not fit the heap");
        long windows = listen(wav, "--seconds", "60");
        assertTrue(windows > 0, "the tone bursts at 5 s and 50 s are classified: " + windows);
    }

    @Test
    void fortyMinutesAreListenedToTheEndInBoundedMemory() throws Exception {
        double minutes = 40;
        long dataBytes = 2 * Math.round(minutes * 60 * RATE);
        Path wav = sparseWav("forty-minutes.wav", dataBytes, 3, minutes * 60 - 3);
        assertTrue(dataBytes / 2 * Float.BYTES > 64L << 20, "its samples as floats would not fit the heap");
        long early = listen(sparseWav("ten-seconds.wav", 2L * 10 * RATE, 3));
        long both = listen(wav);
        assertTrue(early > 0, "the burst at 3 s is classified");
        assertEquals(2 * early, both, "the burst 3 s before the end is classified as the one at 3 s is");
    }
}
