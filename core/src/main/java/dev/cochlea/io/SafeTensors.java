package dev.cochlea.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header size, a JSON
 * header mapping each tensor name to its dtype, shape and byte range, then the raw little-endian data. Reads F32,
 * F64, F16 and BF16 (as floats) and I64, I32, I16, I8, U8, BOOL (as longs); writes F32 and I64.
 */
public final class SafeTensors {
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /** A file's tensors in header order plus its string metadata. */
    public record Contents(Map<String, HostArray> tensors, Map<String, String> metadata) {
    }

    public static Contents read(Path file) throws CheckpointException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read safetensors file " + file + ": " + e, e);
        }
        return parse(bytes, file.toString());
    }

    /** Parses a whole safetensors file held in memory; {@code name} is used in error messages. */
    public static Contents parse(byte[] bytes, String name) throws CheckpointException {
        if (bytes.length < 8) {
            throw new CheckpointException(name + " is not a safetensors file: only " + bytes.length + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerSize = buf.getLong();
        if (headerSize < 2 || headerSize > MAX_HEADER || headerSize > bytes.length - 8) {
            throw new CheckpointException(name + " is corrupt or truncated: header size " + headerSize
                    + " does not fit in a file of " + bytes.length + " bytes");
        }
        JsonObject header;
        try {
            header = JsonParser.parseString(new String(bytes, 8, (int) headerSize, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new CheckpointException(name + " has a corrupt JSON header: " + e.getMessage(), e);
        }
        int dataStart = 8 + (int) headerSize;
        int dataLength = bytes.length - dataStart;
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                e.getValue().getAsJsonObject().entrySet().forEach(m -> metadata.put(m.getKey(), m.getValue().getAsString()));
                continue;
            }
            tensors.put(e.getKey(), readTensor(name, e.getKey(), e.getValue(), buf, dataStart, dataLength));
        }
        return new Contents(tensors, metadata);
    }

    private static HostArray readTensor(String file, String key, JsonElement json, ByteBuffer buf, int dataStart,
                                        int dataLength) throws CheckpointException {
        String dtype;
        int[] shape;
        long begin;
        long end;
        try {
            JsonObject o = json.getAsJsonObject();
            dtype = o.get("dtype").getAsString();
            JsonArray s = o.getAsJsonArray("shape");
            shape = new int[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).getAsInt();
            }
            JsonArray offsets = o.getAsJsonArray("data_offsets");
            begin = offsets.get(0).getAsLong();
            end = offsets.get(1).getAsLong();
        } catch (RuntimeException e) {
            throw new CheckpointException(file + ": malformed header entry for tensor '" + key + "': " + json, e);
        }
        int width = width(dtype);
        if (width == 0) {
            throw new CheckpointException(file + ": tensor '" + key + "' has unsupported dtype " + dtype);
        }
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new CheckpointException(file + ": tensor '" + key + "' has a negative dimension");
            }
            count *= d;
        }
        if (end - begin != count * width || begin < 0) {
            throw new CheckpointException(file + ": tensor '" + key + "' of " + dtype + " " + java.util.Arrays.toString(shape)
                    + " needs " + count * width + " bytes but its data_offsets are [" + begin + ", " + end + ")");
        }
        if (end > dataLength) {
            throw new CheckpointException(file + " is truncated: tensor '" + key + "' needs bytes [" + begin + ", " + end
                    + ") but the data section has only " + dataLength + " bytes");
        }
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position(dataStart + (int) begin);
        int n = (int) count;
        if (dtype.startsWith("F") || dtype.equals("BF16")) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                switch (dtype) {
                    case "F32": v[i] = b.getFloat(); break;
                    case "F64": v[i] = (float) b.getDouble(); break;
                    case "F16": v[i] = halfToFloat(b.getShort()); break;
                    default: v[i] = Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16); break;
                }
            }
            return new HostArray(dtype, shape, v, null);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            switch (dtype) {
                case "I64": v[i] = b.getLong(); break;
                case "I32": v[i] = b.getInt(); break;
                case "I16": v[i] = b.getShort(); break;
                case "I8": v[i] = b.get(); break;
                default: v[i] = b.get() & 0xFF; break;
            }
        }
        return new HostArray(dtype, shape, null, v);
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat exists only from Java 20). */
    static float halfToFloat(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float sub = mant * 0x1p-24f;
            return sign != 0 ? -sub : sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static int width(String dtype) {
        switch (dtype) {
            case "F64": case "I64": return 8;
            case "F32": case "I32": return 4;
            case "F16": case "BF16": case "I16": return 2;
            case "I8": case "U8": case "BOOL": return 1;
            default: return 0;
        }
    }

    /**
     * Writes float tensors as F32 and integer ones as I64, atomically (a temp file renamed over the target). Metadata
     * keys are written in sorted order, so the same tensors and metadata always give the same bytes.
     */
    public static void write(Path file, Map<String, HostArray> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            new TreeMap<>(metadata).forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        List<HostArray> order = new ArrayList<>();
        for (Map.Entry<String, HostArray> e : tensors.entrySet()) {
            HostArray a = e.getValue();
            int width = a.isFloat() ? 4 : 8;
            JsonObject o = new JsonObject();
            o.addProperty("dtype", a.isFloat() ? "F32" : "I64");
            JsonArray shape = new JsonArray();
            for (int d : a.shape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += a.size() * width;
            offsets.add(offset);
            o.add("data_offsets", offsets);
            header.add(e.getKey(), o);
            order.add(a);
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        // Pad the header with spaces to a multiple of 8 so the data is aligned, as the reference writer does.
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (HostArray a : order) {
            if (a.isFloat()) {
                for (float f : a.floats()) {
                    out.putFloat(f);
                }
            } else {
                for (long l : a.longs()) {
                    out.putLong(l);
                }
            }
        }
        writeAtomically(file, out.array());
    }

    /** Writes to a temporary file beside {@code file} and renames it, so a crash never leaves half a checkpoint. */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
