package dev.cochlea.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Hand-made WAV bytes for tests of what the reader refuses or tolerates. */
final class WavBytes {
    private WavBytes() {}

    /** A chunk as RIFF lays it out: id, little-endian size, payload, pad byte when odd. */
    static byte[] chunk(String id, byte[] payload) {
        ByteBuffer b =
                ByteBuffer.allocate(8 + payload.length + (payload.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        return b.put(id.getBytes(StandardCharsets.US_ASCII))
                .putInt(payload.length)
                .put(payload)
                .array();
    }

    /** A 16-byte fmt payload. */
    static byte[] fmt(int tag, int channels, int rate, int bits) {
        int block = channels * bits / 8;
        return ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) tag)
                .putShort((short) channels)
                .putInt(rate)
                .putInt(rate * block)
                .putShort((short) block)
                .putShort((short) bits)
                .array();
    }

    static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        ByteBuffer b = ByteBuffer.allocate(8 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        return b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(body.size())
                .put(body.toByteArray())
                .array();
    }

    /** A file of one fmt chunk (with {@code fmtPayload}) and one data chunk, in that order. */
    static byte[] wav(byte[] fmtPayload, byte[] data) {
        return riff(chunk("fmt ", fmtPayload), chunk("data", data));
    }

    /** A mono 16-bit PCM file at {@code rate} holding {@code samples} as int16 codes. */
    static byte[] pcm16(int rate, short... samples) {
        ByteBuffer data = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            data.putShort(s);
        }
        return wav(fmt(1, 1, rate, 16), data.array());
    }

    /** A mono float32 file at 16 kHz holding {@code samples}. */
    static byte[] float32(float... samples) {
        ByteBuffer data = ByteBuffer.allocate(4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            data.putFloat(s);
        }
        return wav(fmt(3, 1, 16000, 32), data.array());
    }
}
