package dev.cochlea.examples.speech;

import dev.cochlea.audio.AmplitudeToDB;
import dev.cochlea.audio.MelSpectrogram;
import dev.cochlea.data.Example;
import dev.cochlea.data.ExampleTransform;
import java.util.random.RandomGenerator;

/**
 * Waveform [1, L] to log-mel features [nMels, frames]: torchaudio's MelSpectrogram (power 2, Hann window, centred,
 * HTK mel scale) then AmplitudeToDB with an 80 dB floor, relative to the clip's peak, so the zero padding after a clip sits at a fixed level
 * below its loudest band instead of at log(0). Runs on the data loader's threads; thread-safe.
 */
public final class LogMelFeatures implements ExampleTransform {
    private final MelSpectrogram mel;
    private final AmplitudeToDB toDb = new AmplitudeToDB(AmplitudeToDB.SType.POWER, 80.0);

    public LogMelFeatures(int sampleRate, int nMels) {
        this.mel = MelSpectrogram.builder()
                .sampleRate(sampleRate)
                .nFft(SpeechNets.MEL_N_FFT)
                .hopLength(SpeechNets.MEL_HOP)
                .nMels(nMels)
                .build();
    }

    /**
     * [nMels][frames] in dB relative to the clip's loudest band and frame (so values lie in [-80, 0]): the features do
     * not change with a speaker's or microphone's overall level.
     */
    public float[][] logMel(float[] waveform) {
        float[][] db = toDb.apply(mel.apply(waveform));
        float max = Float.NEGATIVE_INFINITY;
        for (float[] band : db) {
            for (float v : band) {
                max = Math.max(max, v);
            }
        }
        for (float[] band : db) {
            for (int t = 0; t < band.length; t++) {
                band[t] -= max;
            }
        }
        return db;
    }

    /** Feature frames for a waveform of {@code length} samples. */
    public int frames(int length) {
        return mel.numFrames(length);
    }

    @Override
    public Example apply(Example example, RandomGenerator rng) {
        float[][] db = logMel(example.data());
        int bands = db.length;
        int frames = db[0].length;
        float[] flat = new float[bands * frames];
        for (int b = 0; b < bands; b++) {
            System.arraycopy(db[b], 0, flat, b * frames, frames);
        }
        return new Example(flat, new int[] {bands, frames}, example.label());
    }
}
