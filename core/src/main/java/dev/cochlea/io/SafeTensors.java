package dev.cochlea.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian header size, a JSON
 * header mapping each tensor name to its dtype, shape and byte range, then the raw little-endian data. Reads the
 * types of {@link StoredDType} (floating ones as floats, integer ones as longs); writes F32 and I64.
 *
 * <p>Reading is strict, as the reference implementation is, and bounded: see {@link SafeTensorsHeader}. Only the
 * header and then each tensor's own bytes are read, never the whole file at once.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** A file's tensors in header order plus its string metadata. */
    public record Contents(Map<String, HostArray> tensors, Map<String, String> metadata) {}

    public static Contents read(Path file) throws CheckpointException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(ByteSource.of(channel), file.toString());
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException("cannot read safetensors file " + IoErrors.describe(file, e), e);
        }
    }

    /** Only the header of a file: names, dtypes, shapes and metadata, without reading any tensor data. */
    public static SafeTensorsHeader readHeader(Path file) throws CheckpointException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SafeTensorsHeader.read(ByteSource.of(channel), file.toString());
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException("cannot read safetensors file " + IoErrors.describe(file, e), e);
        }
    }

    /** Parses a whole safetensors file held in memory; {@code name} is used in error messages. */
    public static Contents parse(byte[] bytes, String name) throws CheckpointException {
        try {
            return read(ByteSource.of(bytes), name);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(name + ": " + e.getMessage(), e);
        }
    }

    private static Contents read(ByteSource source, String name) throws IOException {
        SafeTensorsHeader header = SafeTensorsHeader.read(source, name);
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        long needed = 0;
        for (SafeTensorsHeader.Entry entry : header.entries()) {
            needed += entry.byteCount() + entry.elementCount() * (entry.dtype().isFloat() ? 4 : 8);
        }
        if (needed > Runtime.getRuntime().maxMemory()) {
            throw new CheckpointException(name + ": its tensors need " + (needed >> 20) + " MB of memory, more than "
                    + "this JVM's heap (" + (Runtime.getRuntime().maxMemory() >> 20) + " MB; raise it with -Xmx)");
        }
        for (SafeTensorsHeader.Entry entry : header.entries()) {
            ByteBuffer bytes = ByteBuffer.allocate((int) entry.byteCount()).order(ByteOrder.LITTLE_ENDIAN);
            source.readFully(header.dataStart() + entry.begin(), bytes);
            bytes.flip();
            tensors.put(entry.name(), entry.dtype().decode(bytes, entry.shape(), (int) entry.elementCount()));
        }
        return new Contents(tensors, header.metadata());
    }

    /** Random access to the bytes of a file or an array. */
    /**
     * Writes float tensors as F32 and integer ones as I64, atomically (see {@link AtomicWrite}). Metadata keys are
     * written in sorted order, so the same tensors and metadata always give the same bytes.
     */
    public static void write(Path file, Map<String, HostArray> tensors, Map<String, String> metadata)
            throws IOException {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            new TreeMap<>(metadata).forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
        long offset = 0;
        for (Map.Entry<String, HostArray> e : tensors.entrySet()) {
            HostArray a = e.getValue();
            StoredDType dtype = a.isFloat() ? StoredDType.F32 : StoredDType.I64;
            JsonObject o = new JsonObject();
            o.addProperty("dtype", dtype.name());
            JsonArray shape = new JsonArray();
            for (int d : a.shape()) {
                shape.add(d);
            }
            o.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += a.size() * dtype.bytes();
            offsets.add(offset);
            o.add("data_offsets", offsets);
            header.add(e.getKey(), o);
        }
        byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
        AtomicWrite.write(file, out -> {
            // Pad the header with spaces to a multiple of 8 so the data is aligned, as the reference writer does.
            int padded = (json.length + 7) / 8 * 8;
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(padded)
                    .array());
            out.write(json);
            for (int i = json.length; i < padded; i++) {
                out.write(' ');
            }
            for (HostArray a : tensors.values()) {
                writeValues(a, out);
            }
        });
    }

    private static void writeValues(HostArray a, OutputStream out) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) a.size();
        for (int i = 0; i < n; i++) {
            if (chunk.remaining() < 8) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            if (a.isFloat()) {
                chunk.putFloat(a.floats()[i]);
            } else {
                chunk.putLong(a.longs()[i]);
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    /** Writes {@code bytes} through a temporary file, fsync and a rename (see {@link AtomicWrite}). */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        AtomicWrite.write(file, bytes);
    }
}
