package dev.cochlea.audio;

/**
 * What a WAV file's header says: the sample encoding, the channel count, the sample rate and the
 * number of frames (one frame = one sample per channel). Read without decoding via {@link Wav#probe}.
 */
public record WavFormat(SampleEncoding encoding, int channels, int sampleRate, long frames) {

    public double durationSeconds() {
        return frames / (double) sampleRate;
    }
}
