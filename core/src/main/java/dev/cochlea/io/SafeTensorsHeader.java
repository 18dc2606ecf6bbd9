package dev.cochlea.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed header of a safetensors file, checked as strictly as the reference implementation checks it: a header
 * of at most 100 MB holding one JSON object (valid UTF-8, no duplicate names, nesting at most 64 deep); every tensor a
 * known dtype, a shape of non-negative dimensions whose element and byte counts do not overflow, and a byte range as
 * long as dtype and shape say; the ranges contiguous from 0, without gaps or overlaps, ending exactly at the end of
 * the file; {@code __metadata__} a map of strings. Every error names the file and, where there is one, the tensor.
 */
public final class SafeTensorsHeader {
    /** The reference implementation's limit. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private static final int MAX_NESTING = 64;
    private static final String METADATA = "__metadata__";

    /** One tensor: where its bytes lie, relative to the start of the data section. */
    public record Entry(String name, StoredDType dtype, int[] shape, long begin, long end) {
        public long elementCount() {
            return (end - begin) / dtype.bytes();
        }

        public long byteCount() {
            return end - begin;
        }
    }

    private final String file;
    private final List<Entry> entries;
    private final Map<String, String> metadata;
    private final long dataStart;

    private SafeTensorsHeader(String file, List<Entry> entries, Map<String, String> metadata, long dataStart) {
        this.file = file;
        this.entries = entries;
        this.metadata = metadata;
        this.dataStart = dataStart;
    }

    /** The tensors in header order. */
    public List<Entry> entries() {
        return entries;
    }

    /** The {@code __metadata__} strings (empty when there are none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Where the data section starts in the file. */
    public long dataStart() {
        return dataStart;
    }

    public String file() {
        return file;
    }

    static SafeTensorsHeader read(ByteSource source, String file) throws IOException {
        long size = source.size();
        if (size < 8) {
            throw new CheckpointException(file + " is not a safetensors file: only " + size + " bytes");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        source.readFully(0, prefix);
        long headerSize = prefix.getLong(0);
        if (headerSize < 2 || headerSize > MAX_HEADER_BYTES || headerSize > size - 8) {
            throw new CheckpointException(file + " is corrupt or truncated: header size " + headerSize
                    + " does not fit in a file of " + size + " bytes (a header holds at most 100 MB)");
        }
        ByteBuffer json = ByteBuffer.allocate((int) headerSize);
        source.readFully(8, json);
        json.flip();
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(json)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(file + " has a corrupt header: not valid UTF-8", e);
        }
        Parser parser = new Parser(file, text, size - 8 - headerSize);
        parser.parse();
        return new SafeTensorsHeader(file, parser.checkedEntries(), parser.metadata, 8 + headerSize);
    }

    /** A one-pass reader of the header JSON that never recurses, so no nesting can exhaust the stack. */
    private static final class Parser {
        private final String file;
        private final String text;
        private final long dataLength;
        private final List<Entry> entries = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private JsonReader json;

        Parser(String file, String text, long dataLength) {
            this.file = file;
            this.text = text;
            this.dataLength = dataLength;
        }

        void parse() throws CheckpointException {
            json = new JsonReader(new StringReader(text));
            json.setStrictness(Strictness.STRICT);
            String current = null;
            try {
                if (json.peek() != JsonToken.BEGIN_OBJECT) {
                    throw error("the header is not a JSON object");
                }
                json.beginObject();
                Set<String> names = new HashSet<>();
                while (json.hasNext()) {
                    current = json.nextName();
                    if (!names.add(current)) {
                        throw error("'" + current + "' appears twice in the header");
                    }
                    if (current.equals(METADATA)) {
                        readMetadata();
                    } else {
                        entries.add(readEntry(current));
                    }
                    current = null;
                }
                json.endObject();
                if (json.peek() != JsonToken.END_DOCUMENT) {
                    throw error("the header has data after its JSON object");
                }
            } catch (CheckpointException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // Gson's MalformedJsonException, its nesting limit, numbers out of range, wrong token types.
                String where = current == null ? "" : " (in '" + current + "')";
                throw new CheckpointException(
                        file + " has a corrupt JSON header" + where + ": " + firstLine(e.getMessage()), e);
            }
        }

        private void readMetadata() throws IOException {
            if (json.peek() == JsonToken.NULL) {
                json.nextNull();
                return;
            }
            if (json.peek() != JsonToken.BEGIN_OBJECT) {
                throw error("__metadata__ is not a map of strings but " + json.peek());
            }
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                if (json.peek() != JsonToken.STRING) {
                    throw error("__metadata__ '" + key + "' is " + json.peek() + ", not a string");
                }
                if (metadata.put(key, json.nextString()) != null) {
                    throw error("__metadata__ '" + key + "' appears twice");
                }
            }
            json.endObject();
        }

        private Entry readEntry(String name) throws IOException {
            if (json.peek() != JsonToken.BEGIN_OBJECT) {
                throw tensorError(name, "its header entry is " + json.peek() + ", not an object");
            }
            String dtypeName = null;
            long[] shape = null;
            long[] offsets = null;
            Set<String> fields = new HashSet<>();
            json.beginObject();
            while (json.hasNext()) {
                String field = json.nextName();
                if (!fields.add(field)) {
                    throw tensorError(name, "field '" + field + "' appears twice");
                }
                switch (field) {
                    case "dtype" -> dtypeName = nextString(name, field);
                    case "shape" -> shape = nextLongs(name, field);
                    case "data_offsets" -> offsets = nextLongs(name, field);
                    default -> skipValue(name, field); // the reference implementation ignores unknown fields too
                }
            }
            json.endObject();
            if (dtypeName == null || shape == null || offsets == null) {
                throw tensorError(name, "its header entry needs dtype, shape and data_offsets");
            }
            return checkedEntry(name, dtypeName, shape, offsets);
        }

        private Entry checkedEntry(String name, String dtypeName, long[] dims, long[] offsets)
                throws CheckpointException {
            StoredDType dtype = StoredDType.parse(dtypeName);
            if (dtype == null) {
                throw tensorError(
                        name,
                        "unsupported dtype " + dtypeName + " (Cochlea reads " + Arrays.toString(StoredDType.values())
                                + ")");
            }
            if (offsets.length != 2) {
                throw tensorError(name, "data_offsets must be [begin, end], got " + offsets.length + " numbers");
            }
            int[] shape = new int[dims.length];
            long count = 1;
            try {
                for (int i = 0; i < dims.length; i++) {
                    if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                        throw tensorError(name, "dimension " + i + " is " + dims[i]);
                    }
                    shape[i] = (int) dims[i];
                    count = Math.multiplyExact(count, dims[i]);
                }
                long bytes = Math.multiplyExact(count, dtype.bytes());
                if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] - offsets[0] != bytes) {
                    throw tensorError(
                            name,
                            dtype + " " + Arrays.toString(shape) + " needs " + bytes
                                    + " bytes but its data_offsets are [" + offsets[0] + ", " + offsets[1] + ")");
                }
            } catch (ArithmeticException e) {
                throw tensorError(
                        name,
                        "shape " + Arrays.toString(dims) + " of " + dtype + " has more bytes than a long can count");
            }
            if (count * dtype.bytes() > Integer.MAX_VALUE - 8) {
                throw tensorError(
                        name,
                        "shape " + Arrays.toString(shape) + " of " + dtype + " holds " + count * dtype.bytes()
                                + " bytes, more than a Java array holds");
            }
            return new Entry(name, dtype, shape, offsets[0], offsets[1]);
        }

        /** The entries, after checking that their byte ranges tile the data section exactly. */
        List<Entry> checkedEntries() throws CheckpointException {
            List<Entry> byOffset = new ArrayList<>(entries);
            byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
            long expected = 0;
            for (Entry e : byOffset) {
                if (e.begin() != expected) {
                    throw tensorError(
                            e.name(),
                            "data_offsets [" + e.begin() + ", " + e.end() + ") "
                                    + (e.begin() < expected ? "overlap another tensor's bytes" : "leave a gap")
                                    + " (the previous tensor ends at " + expected + ")");
                }
                expected = e.end();
            }
            if (expected > dataLength) {
                throw new CheckpointException(file + " is truncated: its tensors need " + expected
                        + " bytes of data but the file holds " + dataLength);
            }
            if (expected < dataLength) {
                throw new CheckpointException(file + " is corrupt: its tensors cover " + expected
                        + " bytes of data but the file holds " + dataLength);
            }
            return Collections.unmodifiableList(entries);
        }

        /** Skips one value iteratively, refusing nesting deeper than {@value #MAX_NESTING} levels. */
        private void skipValue(String name, String field) throws IOException {
            int depth = 0;
            do {
                switch (json.peek()) {
                    case BEGIN_ARRAY -> {
                        json.beginArray();
                        depth++;
                    }
                    case BEGIN_OBJECT -> {
                        json.beginObject();
                        depth++;
                    }
                    case END_ARRAY -> {
                        json.endArray();
                        depth--;
                    }
                    case END_OBJECT -> {
                        json.endObject();
                        depth--;
                    }
                    case NAME -> json.nextName();
                    default -> json.skipValue();
                }
                if (depth > MAX_NESTING) {
                    throw tensorError(name, "field '" + field + "' nests deeper than " + MAX_NESTING + " levels");
                }
            } while (depth > 0);
        }

        private String nextString(String name, String field) throws IOException {
            if (json.peek() != JsonToken.STRING) {
                throw tensorError(name, field + " is " + json.peek() + ", not a string");
            }
            return json.nextString();
        }

        private long[] nextLongs(String name, String field) throws IOException {
            if (json.peek() != JsonToken.BEGIN_ARRAY) {
                throw tensorError(name, field + " is " + json.peek() + ", not an array");
            }
            List<Long> values = new ArrayList<>();
            json.beginArray();
            while (json.hasNext()) {
                if (json.peek() != JsonToken.NUMBER) {
                    throw tensorError(name, field + " holds " + json.peek() + ", not a number");
                }
                String number = json.nextString();
                try {
                    values.add(Long.parseLong(number));
                } catch (NumberFormatException e) {
                    throw tensorError(name, field + " holds " + abbreviate(number) + ", not an integer that fits");
                }
                if (values.size() > 1024) {
                    throw tensorError(name, field + " has more than 1024 numbers");
                }
            }
            json.endArray();
            return values.stream().mapToLong(Long::longValue).toArray();
        }

        private CheckpointException error(String reason) {
            return new CheckpointException(file + ": " + reason);
        }

        private CheckpointException tensorError(String name, String reason) {
            return new CheckpointException(file + ": tensor '" + abbreviate(name) + "': " + reason);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed";
        }
        int newline = message.indexOf('\n');
        return abbreviate(newline < 0 ? message : message.substring(0, newline));
    }
}
