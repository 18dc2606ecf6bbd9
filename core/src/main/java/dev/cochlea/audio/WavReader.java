package dev.cochlea.audio;

import dev.cochlea.io.ByteSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Parses a RIFF/WAVE file through random access, reading only the chunk headers, the {@code fmt } chunk and the
 * frames asked for, so the cost of a file is bounded whatever its size. Walks the chunk list (each chunk: 4-byte id,
 * 32-bit little-endian size, payload, one pad byte when the size is odd), takes the first {@code fmt } and the first
 * {@code data} chunk (as sox and torchaudio do), and skips every other chunk (LIST, fact, cue, ...). Any malformation
 * or a header outside the supported range becomes an {@link AudioFormatException} naming the source.
 */
final class WavReader {
    /** Sample rates outside this range are refused: they are not audio Cochlea's pipelines can resample sanely. */
    static final int MIN_SAMPLE_RATE = 1_000;

    static final int MAX_SAMPLE_RATE = 768_000;
    /** More channels than third-order-plus ambisonics or any multichannel format uses. */
    static final int MAX_CHANNELS = 64;
    /** A file with more chunks than this before its fmt and data is not a WAV file a recorder wrote. */
    private static final int MAX_CHUNKS = 10_000;

    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    private static final int FMT_BYTES_READ = 40;
    private static final int DECODE_BLOCK = 1 << 16;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE_* GUID; bytes 0..1 hold the plain format tag. */
    private static final byte[] SUBFORMAT_GUID_TAIL = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
    };

    private final ByteSource source;
    private final String name;
    private WavFormat format;
    private long dataOffset = -1;

    private WavReader(ByteSource source, String name) {
        this.source = source;
        this.name = name;
    }

    /** Parses the header of {@code source}; throws if it could not be decoded. */
    static WavReader open(ByteSource source, String name) throws IOException {
        WavReader reader = new WavReader(source, name);
        reader.parseChunks();
        return reader;
    }

    WavFormat format() {
        return format;
    }

    /** Decodes the first {@code maxFrames} frames (all when the file has fewer), one float array per channel. */
    AudioClip read(long maxFrames) throws IOException {
        int frames = framesToRead(maxFrames);
        float[][] data = new float[format.channels()][frames];
        decode(0, frames, (frame, channel, value) -> data[channel][frame] = value);
        return new AudioClip(data, format.sampleRate());
    }

    /** Decodes the first {@code maxFrames} frames mixed to mono (the channels' mean, as {@link AudioClip#mono}). */
    AudioClip readMono(long maxFrames) throws IOException {
        int frames = framesToRead(maxFrames);
        if (format.channels() == 1) {
            return read(maxFrames);
        }
        float[] mono = new float[frames];
        readMono(0, mono, 0, frames);
        return AudioClip.ofMono(mono, format.sampleRate());
    }

    /**
     * Decodes up to {@code count} frames from frame {@code first} mixed to mono into {@code dst} from
     * {@code offset}; returns how many: {@code count}, fewer at the end of the data, 0 from its end on.
     */
    int readMono(long first, float[] dst, int offset, int count) throws IOException {
        Objects.checkFromIndexSize(offset, count, dst.length);
        if (first < 0) {
            throw new IllegalArgumentException("first frame must be >= 0, got " + first);
        }
        int frames = (int) Math.max(0, Math.min(count, format.frames() - first));
        int channels = format.channels();
        if (channels == 1) {
            decode(first, frames, (frame, channel, value) -> dst[offset + frame] = value);
            return frames;
        }
        double[] sum = new double[frames];
        decode(first, frames, (frame, channel, value) -> sum[frame] += value);
        for (int i = 0; i < frames; i++) {
            dst[offset + i] = (float) (sum[i] / channels);
        }
        return frames;
    }

    private int framesToRead(long maxFrames) throws AudioFormatException {
        if (maxFrames < 1) {
            throw new IllegalArgumentException("maxFrames must be >= 1, got " + maxFrames);
        }
        long frames = Math.min(format.frames(), maxFrames);
        long bytes = 4 * frames * format.channels();
        if (frames > Integer.MAX_VALUE - 8 || bytes > Runtime.getRuntime().maxMemory() / 2) {
            throw error("decoding " + frames + " frames of " + format.channels() + " channel(s) needs " + (bytes >> 20)
                    + " MB, more than this JVM can hold; read a prefix (Wav.read(path, maxFrames))");
        }
        return (int) frames;
    }

    /** Receives each decoded sample; {@code frame} counts from the first frame decoded. */
    private interface SampleSink {
        void accept(int frame, int channel, float value);
    }

    /** Decodes {@code frames} frames from frame {@code first} (all of them inside the data chunk). */
    private void decode(long first, int frames, SampleSink sink) throws IOException {
        int channels = format.channels();
        SampleEncoding encoding = format.encoding();
        int blockAlign = channels * encoding.bytesPerSample();
        int framesPerBlock = Math.max(1, Math.min(frames, DECODE_BLOCK / blockAlign)); // a short read, a short buffer
        ByteBuffer block = ByteBuffer.allocate(framesPerBlock * blockAlign).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < frames; from += framesPerBlock) {
            int n = Math.min(framesPerBlock, frames - from);
            block.clear().limit(n * blockAlign);
            source.readFully(dataOffset + (first + from) * blockAlign, block);
            block.flip();
            for (int i = from; i < from + n; i++) {
                for (int c = 0; c < channels; c++) {
                    float value = encoding.decode(block);
                    if (!Float.isFinite(value)) {
                        throw error("sample " + (first + i) + " of channel " + c + " is " + value
                                + " (only finite samples are audio)");
                    }
                    sink.accept(i, c, value);
                }
            }
        }
    }

    private void parseChunks() throws IOException {
        long length = source.size();
        if (length < 12) {
            throw error("not a RIFF/WAVE file (only " + length + " bytes)");
        }
        ByteBuffer head = read(0, 12);
        String riff = fourCc(head, 0);
        String wave = fourCc(head, 8);
        if (riff.equals("RIFX") || riff.equals("RF64")) {
            throw error("unsupported container " + riff + " (only little-endian RIFF/WAVE is read)");
        }
        if (!riff.equals("RIFF") || !wave.equals("WAVE")) {
            throw error("not a RIFF/WAVE file (starts with '" + printable(riff) + "' ... '" + printable(wave) + "')");
        }
        ByteBuffer fmt = null;
        int fmtSize = 0;
        long dataSize = -1;
        long pos = 12;
        int chunks = 0;
        // The RIFF size field is often wrong in files from streaming writers, so walk to the end of the file, or
        // until the first fmt and the first data chunk are found.
        while (pos + 8 <= length && (fmt == null || dataOffset < 0)) {
            if (++chunks > MAX_CHUNKS) {
                throw error("more than " + MAX_CHUNKS + " chunks before the fmt and data chunks");
            }
            ByteBuffer header = read(pos, 8);
            String id = fourCc(header, 0);
            long size = Integer.toUnsignedLong(header.getInt(4));
            long payload = pos + 8;
            if (id.equals("fmt ") && fmt == null) {
                if (size > length - payload) {
                    throw error("truncated fmt chunk: expected " + size + " bytes, found " + (length - payload));
                }
                fmtSize = (int) Math.min(size, Integer.MAX_VALUE);
                fmt = read(payload, (int) Math.min(size, FMT_BYTES_READ));
            } else if (id.equals("data") && dataOffset < 0) {
                long available = length - payload;
                if (size > available) {
                    throw error("truncated data chunk: expected " + size + " bytes, found " + available);
                }
                dataOffset = payload;
                dataSize = size;
            }
            pos = payload + size + (size & 1); // odd-sized chunks are followed by a pad byte
        }
        if (fmt == null) {
            throw error("no fmt chunk");
        }
        if (dataOffset < 0) {
            throw error("no data chunk");
        }
        format = parseFormat(fmt, fmtSize, dataSize);
    }

    private WavFormat parseFormat(ByteBuffer fmt, int size, long dataSize) throws AudioFormatException {
        if (size < 16) {
            throw error("fmt chunk too short: " + size + " bytes, need at least 16");
        }
        int tag = Short.toUnsignedInt(fmt.getShort(0));
        int channels = Short.toUnsignedInt(fmt.getShort(2));
        long sampleRate = Integer.toUnsignedLong(fmt.getInt(4));
        int blockAlign = Short.toUnsignedInt(fmt.getShort(12));
        int bits = Short.toUnsignedInt(fmt.getShort(14));
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            tag = extensibleSubformat(fmt, size);
        }
        if (tag != SampleEncoding.WAVE_FORMAT_PCM && tag != SampleEncoding.WAVE_FORMAT_IEEE_FLOAT) {
            throw error(String.format("unsupported format tag 0x%04X (%s)", tag, formatName(tag)));
        }
        SampleEncoding encoding = SampleEncoding.of(tag, bits);
        if (encoding == null) {
            throw error("unsupported " + (tag == SampleEncoding.WAVE_FORMAT_PCM ? "PCM" : "IEEE float") + " bit depth "
                    + bits);
        }
        if (channels == 0) {
            throw error("fmt chunk declares 0 channels");
        }
        if (channels > MAX_CHANNELS) {
            throw error("fmt chunk declares " + channels + " channels (at most " + MAX_CHANNELS + " are read)");
        }
        if (sampleRate == 0) {
            throw error("invalid sample rate 0");
        }
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw error("invalid sample rate " + sampleRate + " Hz (supported: " + MIN_SAMPLE_RATE + " to "
                    + MAX_SAMPLE_RATE + " Hz)");
        }
        if (blockAlign != channels * encoding.bytesPerSample()) {
            throw error("block align " + blockAlign + " does not match " + channels + " channel(s) of " + bits
                    + "-bit samples");
        }
        // A trailing partial frame is ignored, as torchaudio and scipy do.
        long frames = dataSize / blockAlign;
        if (frames == 0) {
            throw error("no audio: the data chunk holds 0 frames");
        }
        return new WavFormat(encoding, channels, (int) sampleRate, frames);
    }

    /** The plain format tag inside a WAVE_FORMAT_EXTENSIBLE fmt chunk's SubFormat GUID. */
    private int extensibleSubformat(ByteBuffer fmt, int size) throws AudioFormatException {
        if (size < 40) {
            throw error("WAVE_FORMAT_EXTENSIBLE fmt chunk too short: " + size + " bytes, need 40");
        }
        byte[] tail = Arrays.copyOfRange(fmt.array(), 24 + 2, 24 + 16);
        if (!Arrays.equals(tail, SUBFORMAT_GUID_TAIL)) {
            throw error("unsupported WAVE_FORMAT_EXTENSIBLE subformat GUID");
        }
        return Short.toUnsignedInt(fmt.getShort(24));
    }

    private ByteBuffer read(long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        source.readFully(position, b);
        return b.flip();
    }

    private static String fourCc(ByteBuffer b, int offset) {
        return new String(b.array(), offset, 4, StandardCharsets.ISO_8859_1);
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
        return new AudioFormatException(name, reason);
    }
}
