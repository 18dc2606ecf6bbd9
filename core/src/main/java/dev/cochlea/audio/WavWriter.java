package dev.cochlea.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a clip as a canonical RIFF/WAVE file: a plain {@code fmt } chunk (format tag 1 for PCM,
 * 3 for float, which every reader understands), a {@code fact} chunk for float data as the
 * specification asks, then {@code data}.
 */
final class WavWriter {
    private WavWriter() {}

    static byte[] encode(AudioClip clip, SampleEncoding encoding) {
        int channels = clip.numChannels();
        int frames = clip.numFrames();
        int blockAlign = channels * encoding.bytesPerSample();
        long dataSize = (long) frames * blockAlign;
        int fmtSize = encoding.isFloat() ? 18 : 16; // float fmt chunks carry cbSize = 0
        int factSize = encoding.isFloat() ? 8 + 4 : 0;
        long total = 12 + 8 + fmtSize + factSize + 8 + dataSize + (dataSize & 1);
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("clip too large for one WAV file: " + dataSize + " data bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("RIFF")).putInt((int) total - 8).put(ascii("WAVE"));
        out.put(ascii("fmt "))
                .putInt(fmtSize)
                .putShort((short) encoding.formatTag())
                .putShort((short) channels)
                .putInt(clip.sampleRate())
                .putInt(clip.sampleRate() * blockAlign)
                .putShort((short) blockAlign)
                .putShort((short) encoding.bitsPerSample());
        if (encoding.isFloat()) {
            out.putShort((short) 0);
            out.put(ascii("fact")).putInt(4).putInt(frames);
        }
        out.put(ascii("data")).putInt((int) dataSize);
        float[][] data = clip.channels();
        for (int i = 0; i < frames; i++) {
            for (int c = 0; c < channels; c++) {
                encoding.encode(data[c][i], out);
            }
        }
        return out.array(); // the pad byte for an odd data size is already zero
    }

    private static byte[] ascii(String id) {
        return id.getBytes(StandardCharsets.US_ASCII);
    }
}
