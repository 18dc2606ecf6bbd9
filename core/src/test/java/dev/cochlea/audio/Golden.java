package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the reference files written by tools/golden/make_audio_golden.py: little-endian float32
 * .npy arrays in C order (format version 1), and the test WAVs beside them.
 */
final class Golden {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    /** A float32 array and its numpy shape. */
    record Array(int[] shape, float[] data) {
        /** Rows of a 2-D array. */
        float[][] matrix() {
            assertEquals(2, shape.length, "expected a 2-D array, shape " + Arrays.toString(shape));
            float[][] out = new float[shape[0]][];
            for (int r = 0; r < shape[0]; r++) {
                out[r] = Arrays.copyOfRange(data, r * shape[1], (r + 1) * shape[1]);
            }
            return out;
        }
    }

    private Golden() {}

    static Path resource(String name) {
        try {
            var url = Golden.class.getResource("/audio/" + name);
            assertTrue(url != null, "missing test resource audio/" + name + " (run tools/golden/make_audio_golden.py)");
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Array npy(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = Golden.class.getResourceAsStream("/audio/" + name)) {
            assertTrue(in != null, "missing test resource audio/" + name);
            bytes = in.readAllBytes();
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, bytes[0], name + " is not an .npy file");
        assertEquals(1, bytes[6], name + ": only .npy format version 1 is read");
        int headerLength = Short.toUnsignedInt(buf.getShort(8));
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(
                header.contains("'descr': '<f4'") && header.contains("'fortran_order': False"),
                name + ": expected little-endian float32 in C order, header " + header);
        Matcher m = SHAPE.matcher(header);
        assertTrue(m.find(), name + ": no shape in header " + header);
        int[] shape = Arrays.stream(m.group(1).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt)
                .toArray();
        float[] data = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        buf.position(10 + headerLength);
        buf.asFloatBuffer().get(data);
        return new Array(shape, data);
    }

    /** Largest |expected - actual| over matching shapes. */
    static double maxAbsDiff(float[][] expected, float[][] actual) {
        assertEquals(expected.length, actual.length, "rows");
        double max = 0;
        for (int r = 0; r < expected.length; r++) {
            max = Math.max(max, maxAbsDiff(expected[r], actual[r]));
        }
        return max;
    }

    static double maxAbsDiff(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "length");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs((double) expected[i] - actual[i]));
        }
        return max;
    }

    static double maxAbs(float[][] x) {
        double max = 0;
        for (float[] row : x) {
            for (float v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }
}
