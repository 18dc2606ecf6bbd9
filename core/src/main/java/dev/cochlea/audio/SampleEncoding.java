package dev.cochlea.audio;

import java.nio.ByteBuffer;

/**
 * How one sample is stored in a WAV data chunk, and its conversion to and from floats in [-1, 1).
 *
 * <p>Scaling follows torchaudio's {@code load(normalize=True)} and scipy: signed n-bit integers are
 * divided by 2^(n-1) (int16 / 32768, 24-bit / 2^23, int32 / 2^31); unsigned 8-bit is (x - 128) / 128;
 * floats are taken as they are. Encoding rounds to the nearest integer and clamps to the
 * representable range, so a full-scale 1.0 becomes the largest positive code (e.g. 32767).
 */
public enum SampleEncoding {
    /** Unsigned 8-bit PCM (the only 8-bit WAV form), offset binary around 128. */
    PCM_U8(8, SampleEncoding.WAVE_FORMAT_PCM),
    PCM_S16(16, SampleEncoding.WAVE_FORMAT_PCM),
    PCM_S24(24, SampleEncoding.WAVE_FORMAT_PCM),
    PCM_S32(32, SampleEncoding.WAVE_FORMAT_PCM),
    FLOAT32(32, SampleEncoding.WAVE_FORMAT_IEEE_FLOAT),
    FLOAT64(64, SampleEncoding.WAVE_FORMAT_IEEE_FLOAT);

    static final int WAVE_FORMAT_PCM = 0x0001;
    static final int WAVE_FORMAT_IEEE_FLOAT = 0x0003;

    private final int bitsPerSample;
    private final int formatTag;

    SampleEncoding(int bitsPerSample, int formatTag) {
        this.bitsPerSample = bitsPerSample;
        this.formatTag = formatTag;
    }

    public int bitsPerSample() {
        return bitsPerSample;
    }

    public int bytesPerSample() {
        return bitsPerSample / 8;
    }

    /** The WAV format tag: 1 (PCM) or 3 (IEEE float). */
    public int formatTag() {
        return formatTag;
    }

    public boolean isFloat() {
        return formatTag == WAVE_FORMAT_IEEE_FLOAT;
    }

    /** The encoding for a WAV format tag and container size, or null when Cochlea does not decode it. */
    static SampleEncoding of(int formatTag, int bitsPerSample) {
        for (SampleEncoding e : values()) {
            if (e.formatTag == formatTag && e.bitsPerSample == bitsPerSample) {
                return e;
            }
        }
        return null;
    }

    /** Reads one little-endian sample at the buffer's position and advances it. */
    float decode(ByteBuffer in) {
        return switch (this) {
            case PCM_U8 -> ((in.get() & 0xFF) - 128) / 128f;
            case PCM_S16 -> in.getShort() / 32768f;
            case PCM_S24 -> {
                int lo = in.get() & 0xFF;
                int mid = in.get() & 0xFF;
                int hi = in.get(); // sign-extends the top byte
                yield ((hi << 16) | (mid << 8) | lo) / 8388608f;
            }
            case PCM_S32 -> (float) (in.getInt() / 2147483648.0);
            case FLOAT32 -> in.getFloat();
            case FLOAT64 -> (float) in.getDouble();
        };
    }

    /** Writes one little-endian sample at the buffer's position and advances it. */
    void encode(float sample, ByteBuffer out) {
        switch (this) {
            case PCM_U8 -> out.put((byte) (quantise(sample, 128) + 128));
            case PCM_S16 -> out.putShort((short) quantise(sample, 32768));
            case PCM_S24 -> {
                long v = quantise(sample, 8388608);
                out.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
            }
            case PCM_S32 -> out.putInt((int) quantise(sample, 2147483648L));
            case FLOAT32 -> out.putFloat(sample);
            case FLOAT64 -> out.putDouble(sample);
        }
    }

    /** round(x * scale) clamped to [-scale, scale - 1]; NaN becomes 0. */
    private static long quantise(float sample, long scale) {
        long v = Math.round(sample * (double) scale);
        return Math.max(-scale, Math.min(scale - 1, v));
    }
}
