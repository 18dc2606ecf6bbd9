package dev.cochlea.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cochlea.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader refuses what the reference implementation refuses, with one line naming the file and the tensor. */
class SafeTensorsStrictTest {
    /** A file with the given JSON header (padded to 8 bytes) and {@code data} after it. */
    static byte[] file(String header, int dataBytes) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        return b.array();
    }

    /** One tensor's entry in a header: its name, dtype, shape (as JSON) and data offsets. */
    static String entry(String name, String dtype, String shape, long from, long to) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + from + ","
                + to + "]}";
    }

    /** A header holding {@code entries} in order. */
    static String header(String... entries) {
        return "{" + String.join(",", entries) + "}";
    }

    private static String error(String header, int dataBytes) {
        return assertThrows(
                        CheckpointException.class, () -> SafeTensors.parse(file(header, dataBytes), "m.safetensors"))
                .getMessage();
    }

    @Test
    void aValidFileStillReads() throws CheckpointException {
        SafeTensors.Contents c = SafeTensors.parse(
                file(
                        header(
                                "\"__metadata__\":{\"a\":\"b\"}",
                                entry("x", "F32", "[2]", 0, 8),
                                entry("y", "I64", "[]", 8, 16)),
                        16),
                "m");
        assertEquals(Map.of("a", "b"), c.metadata());
        assertEquals(List.of("x", "y"), List.copyOf(c.tensors().keySet()));
        assertEquals(StoredDType.I64, c.tensors().get("y").dtype());
    }

    @Test
    void metadataMustBeAMapOfStrings() {
        assertEquals(
                "m.safetensors: __metadata__ 'n' is NUMBER, not a string", error("{\"__metadata__\":{\"n\":3}}", 0));
        assertEquals(
                "m.safetensors: __metadata__ 'o' is BEGIN_OBJECT, not a string",
                error("{\"__metadata__\":{\"o\":{}}}", 0));
        assertEquals(
                "m.safetensors: __metadata__ is not a map of strings but BEGIN_ARRAY",
                error("{\"__metadata__\":[]}", 0));
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        String message =
                error("{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"extra\":" + deep + "}}", 4);
        assertEquals("m.safetensors: tensor 'x': field 'extra' nests deeper than 64 levels", message);
        assertTrue(error("{\"__metadata__\":" + deep + "}", 0).startsWith("m.safetensors: __metadata__ is not"));
        assertTrue(error(deep, 0).startsWith("m.safetensors: the header is not a JSON object"));
    }

    @Test
    void shapesWhoseSizeOverflowsAreRefused() {
        String message = error(header(entry("x", "F32", "[65536,65536,65536,65536]", 0, 0)), 0);
        assertEquals(
                "m.safetensors: tensor 'x': shape [65536, 65536, 65536, 65536] of F32 has more bytes than a "
                        + "long can count",
                message);
        assertTrue(error(header(entry("x", "F32", "[65536,65536]", 0, 17179869184L)), 0)
                .contains("more than a Java array holds"));
        assertTrue(error(header(entry("x", "F32", "[-1]", 0, 0)), 0).endsWith("tensor 'x': dimension 0 is -1"));
    }

    @Test
    void tensorOfRefusesAnOverflowingShape() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[0], 65536, 65536, 65536, 65536));
        assertTrue(e.getMessage().contains("more elements than a long can count"), e.getMessage());
    }

    @Test
    void offsetsMustTileTheDataWithoutOverlapsOrGaps() {
        assertEquals(
                "m.safetensors: tensor 'b': data_offsets [0, 4) overlap another tensor's bytes (the previous "
                        + "tensor ends at 4)",
                error(header(entry("a", "F32", "[1]", 0, 4), entry("b", "F32", "[1]", 0, 4)), 4));
        assertTrue(error(header(entry("a", "F32", "[1]", 4, 8)), 8)
                .endsWith("leave a gap (the previous tensor ends at 0)"));
        assertEquals(
                "m.safetensors is corrupt: its tensors cover 4 bytes of data but the file holds 8",
                error(header(entry("a", "F32", "[1]", 0, 4)), 8));
        assertEquals(
                "m.safetensors is truncated: its tensors need 4 bytes of data but the file holds 0",
                error(header(entry("a", "F32", "[1]", 0, 4)), 0));
    }

    @Test
    void duplicateNamesAreRefused() {
        assertEquals(
                "m.safetensors: 'a' appears twice in the header",
                error(header(entry("a", "F32", "[1]", 0, 4), entry("a", "F32", "[1]", 4, 8)), 8));
        assertEquals(
                "m.safetensors: tensor 'a': field 'dtype' appears twice",
                error("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
    }

    @Test
    void dtypeAndByteCountMustAgree() {
        assertEquals(
                "m.safetensors: tensor 'a': F64 [2] needs 16 bytes but its data_offsets are [0, 8)",
                error(header(entry("a", "F64", "[2]", 0, 8)), 8));
        assertTrue(error(header(entry("a", "C64", "[1]", 0, 8)), 8)
                .startsWith("m.safetensors: tensor 'a': unsupported dtype C64"));
    }

    @Test
    void headerSizeIsBounded() {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE);
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.parse(b.array(), "m"));
        assertTrue(e.getMessage().startsWith("m is corrupt or truncated: header size"), e.getMessage());
    }

    /** Three 2 GB tensors in a sparse file: refused before anything is allocated when the heap cannot hold them. */
    @Test
    void tensorsLargerThanTheHeapAreRefusedBeforeReading(@TempDir Path dir) throws IOException {
        long each = 500_000_000L * 4;
        String header = header(
                entry("a", "F32", "[500000000]", 0, each),
                entry("b", "F32", "[500000000]", each, 2 * each),
                entry("c", "F32", "[500000000]", 2 * each, 3 * each));
        byte[] head = file(header, 0);
        Path big = dir.resolve("big.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.write(head);
            raf.setLength(head.length + 3 * each);
        }
        assumeTrue(Runtime.getRuntime().maxMemory() < 12L << 30, "a heap of 12 GB would hold them");
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafeTensors.read(big));
        assertTrue(
                e.getMessage().startsWith(big + ": its tensors need 11444 MB of memory, more than this JVM's heap"),
                e.getMessage());
    }
}
