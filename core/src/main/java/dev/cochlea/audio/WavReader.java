package dev.cochlea.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses a RIFF/WAVE file held in memory. Walks the chunk list (each chunk: 4-byte id, 32-bit
 * little-endian size, payload, one pad byte when the size is odd), takes {@code fmt } and
 * {@code data}, and skips every other chunk (LIST, fact, cue, ...). Any malformation becomes an
 * {@link AudioFormatException} naming the source.
 */
final class WavReader {
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID; bytes 0..1 hold the plain format tag. */
    private static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private final byte[] bytes;
    private final String source;
    private final ByteBuffer buffer;
    private WavFormat format;
    private int dataOffset = -1;

    private WavReader(byte[] bytes, String source) {
        this.bytes = bytes;
        this.source = source;
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The header of a WAV file; throws if it could not be decoded. */
    static WavFormat probe(byte[] bytes, String source) throws AudioFormatException {
        WavReader reader = new WavReader(bytes, source);
        reader.parseChunks();
        return reader.format;
    }

    /** Decodes a whole WAV file into one float array per channel. */
    static AudioClip read(byte[] bytes, String source) throws AudioFormatException {
        WavReader reader = new WavReader(bytes, source);
        reader.parseChunks();
        return reader.decode();
    }

    private void parseChunks() throws AudioFormatException {
        if (bytes.length < 12) {
            throw error("not a RIFF/WAVE file (only " + bytes.length + " bytes)");
        }
        String riff = fourCc(0);
        String wave = fourCc(8);
        if (riff.equals("RIFX") || riff.equals("RF64")) {
            throw error("unsupported container " + riff + " (only little-endian RIFF/WAVE is read)");
        }
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw error("not a RIFF/WAVE file (starts with '" + printable(riff) + "' ... '" + printable(wave) + "')");
        }
        int[] fmt = null; // offset and size of the fmt chunk
        long dataSize = -1;
        int pos = 12;
        // The RIFF size field is often wrong in files from streaming writers, so walk to the end of the bytes.
        while (pos + 8 <= bytes.length) {
            String id = fourCc(pos);
            long size = Integer.toUnsignedLong(buffer.getInt(pos + 4));
            int payload = pos + 8;
            if (id.equals("fmt ")) {
                if (size > bytes.length - payload) {
                    throw error("truncated fmt chunk: expected " + size + " bytes, found " + (bytes.length - payload));
                }
                fmt = new int[] {payload, (int) size};
            } else if (id.equals("data")) {
                long available = bytes.length - payload;
                if (size > available) {
                    throw error("truncated data chunk: expected " + size + " bytes, found " + available);
                }
                dataOffset = payload;
                dataSize = size;
            }
            long next = payload + size + (size & 1); // odd-sized chunks are followed by a pad byte
            if (next > bytes.length) {
                break; // the last chunk is cut short; it was not fmt or data, or that was reported above
            }
            pos = (int) next;
        }
        if (fmt == null) {
            throw error("no fmt chunk");
        }
        if (dataOffset < 0) {
            throw error("no data chunk");
        }
        format = parseFormat(fmt[0], fmt[1], dataSize);
    }

    private WavFormat parseFormat(int offset, int size, long dataSize) throws AudioFormatException {
        if (size < 16) {
            throw error("fmt chunk too short: " + size + " bytes, need at least 16");
        }
        int tag = Short.toUnsignedInt(buffer.getShort(offset));
        int channels = Short.toUnsignedInt(buffer.getShort(offset + 2));
        long sampleRate = Integer.toUnsignedLong(buffer.getInt(offset + 4));
        int blockAlign = Short.toUnsignedInt(buffer.getShort(offset + 12));
        int bits = Short.toUnsignedInt(buffer.getShort(offset + 14));
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            tag = extensibleSubformat(offset, size);
        }
        if (tag != SampleEncoding.WAVE_FORMAT_PCM && tag != SampleEncoding.WAVE_FORMAT_IEEE_FLOAT) {
            throw error(String.format("unsupported format tag 0x%04X (%s)", tag, formatName(tag)));
        }
        SampleEncoding encoding = SampleEncoding.of(tag, bits);
        if (encoding == null) {
            throw error("unsupported " + (tag == SampleEncoding.WAVE_FORMAT_PCM ? "PCM" : "IEEE float")
                    + " bit depth " + bits);
        }
        if (channels == 0) {
            throw error("fmt chunk declares 0 channels");
        }
        if (sampleRate == 0 || sampleRate > Integer.MAX_VALUE) {
            throw error("invalid sample rate " + sampleRate);
        }
        if (blockAlign != channels * encoding.bytesPerSample()) {
            throw error("block align " + blockAlign + " does not match " + channels + " channel(s) of "
                    + bits + "-bit samples");
        }
        // A trailing partial frame is ignored, as torchaudio and scipy do.
        return new WavFormat(encoding, channels, (int) sampleRate, dataSize / blockAlign);
    }

    /** The plain format tag inside a WAVE_FORMAT_EXTENSIBLE fmt chunk's SubFormat GUID. */
    private int extensibleSubformat(int offset, int size) throws AudioFormatException {
        if (size < 40) {
            throw error("WAVE_FORMAT_EXTENSIBLE fmt chunk too short: " + size + " bytes, need 40");
        }
        int guid = offset + 24;
        byte[] tail = Arrays.copyOfRange(bytes, guid + 2, guid + 16);
        if (!Arrays.equals(tail, SUBFORMAT_GUID_TAIL)) {
            throw error("unsupported WAVE_FORMAT_EXTENSIBLE subformat GUID");
        }
        return Short.toUnsignedInt(buffer.getShort(guid));
    }

    private AudioClip decode() {
        int channels = format.channels();
        int frames = Math.toIntExact(format.frames());
        SampleEncoding encoding = format.encoding();
        float[][] data = new float[channels][frames];
        ByteBuffer in = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(dataOffset);
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                data[c][i] = encoding.decode(in);
            }
        }
        return new AudioClip(data, format.sampleRate());
    }

    private String fourCc(int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String id) {
        StringBuilder sb = new StringBuilder();
        for (char ch : id.toCharArray()) {
            sb.append(ch >= 0x20 && ch < 0x7F ? String.valueOf(ch) : String.format("\\x%02X", (int) ch));
        }
        return sb.toString();
    }

    private static String formatName(int tag) {
        return switch (tag) {
            case 0x0002 -> "Microsoft ADPCM";
            case 0x0006 -> "A-law";
            case 0x0007 -> "mu-law";
            case 0x0011 -> "IMA ADPCM";
            case 0x0031 -> "GSM 6.10";
            case 0x0050 -> "MPEG";
            case 0x0055 -> "MPEG Layer III";
            case 0x00FF -> "AAC";
            default -> "unknown";
        };
    }

    private AudioFormatException error(String reason) {
        return new AudioFormatException(source, reason);
    }
}
