package dev.cochlea.audio;

import java.util.Arrays;

/**
 * Decoded audio: one float array per channel (all the same length, values nominally in [-1, 1]) and
 * the sample rate in Hz. Like torchaudio's {@code (waveform[channel, time], sample_rate)} pair.
 *
 * <p>The arrays are shared, not copied, so that large clips are not duplicated; treat them as
 * read-only. {@link #mono()} and {@link #interleaved()} return fresh arrays.
 */
public record AudioClip(float[][] channels, int sampleRate) {

    public AudioClip {
        if (channels == null || channels.length == 0) {
            throw new IllegalArgumentException("an AudioClip needs at least one channel");
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        for (int c = 0; c < channels.length; c++) {
            if (channels[c] == null || channels[c].length != channels[0].length) {
                throw new IllegalArgumentException("channel " + c + " has "
                        + (channels[c] == null ? "no samples" : channels[c].length + " samples")
                        + ", channel 0 has " + channels[0].length);
            }
        }
    }

    /** A one-channel clip around {@code samples} (not copied). */
    public static AudioClip ofMono(float[] samples, int sampleRate) {
        return new AudioClip(new float[][] {samples}, sampleRate);
    }

    public int numChannels() {
        return channels.length;
    }

    /** Samples per channel. */
    public int numFrames() {
        return channels[0].length;
    }

    public double durationSeconds() {
        return numFrames() / (double) sampleRate;
    }

    /** The samples of one channel (shared with this clip). */
    public float[] channel(int index) {
        return channels[index];
    }

    /** A new array with the mean of the channels at each frame (a copy of channel 0 for mono clips). */
    public float[] mono() {
        if (channels.length == 1) {
            return channels[0].clone();
        }
        float[] mix = new float[numFrames()];
        for (int i = 0; i < mix.length; i++) {
            double sum = 0;
            for (float[] channel : channels) {
                sum += channel[i];
            }
            mix[i] = (float) (sum / channels.length);
        }
        return mix;
    }

    /** A new array of frames in WAV order: frame 0 of every channel, then frame 1, and so on. */
    public float[] interleaved() {
        int n = numFrames();
        int c = channels.length;
        float[] out = new float[n * c];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n; i++) {
                out[i * c + ch] = channels[ch][i];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioClip other
                && sampleRate == other.sampleRate
                && Arrays.deepEquals(channels, other.channels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(channels) + sampleRate;
    }

    @Override
    public String toString() {
        return "AudioClip[" + numChannels() + " channel(s), " + numFrames() + " frames @ " + sampleRate + " Hz]";
    }
}
