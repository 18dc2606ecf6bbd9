package dev.cochlea.audio;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Speed perturbation (Ko et al., "Audio augmentation for speech recognition", 2015), as
 * {@code torchaudio.functional.speed} / {@code transforms.SpeedPerturbation} in later torchaudio:
 * a factor is drawn uniformly from {@code factors}, and the waveform is treated as if recorded at
 * {@code (int) (factor * sampleRate)} Hz and resampled to {@code sampleRate}. Speed and pitch change
 * together; a factor of 1.1 gives a clip about 1/1.1 as long. The resamplers are built once.
 */
public final class SpeedPerturbation implements Augmentation {
    private final double[] factors;
    private final Resample[] resamplers;

    /** @param factors e.g. {@code 0.9, 1.0, 1.1}, the usual choice for speech */
    public SpeedPerturbation(int sampleRate, double... factors) {
        if (sampleRate <= 0 || factors.length == 0) {
            throw new IllegalArgumentException("need a positive sample rate and at least one factor");
        }
        this.factors = factors.clone();
        this.resamplers = new Resample[factors.length];
        for (int i = 0; i < factors.length; i++) {
            int source = (int) (factors[i] * sampleRate);
            if (!(factors[i] > 0) || source <= 0) {
                throw new IllegalArgumentException("speed factors must be positive, got " + factors[i]);
            }
            resamplers[i] = new Resample(source, sampleRate);
        }
    }

    @Override
    public float[] apply(float[] waveform, RandomGenerator rng) {
        return resamplers[rng.nextInt(resamplers.length)].apply(waveform);
    }

    @Override
    public String toString() {
        return "SpeedPerturbation(factors=" + Arrays.toString(factors) + ")";
    }
}
