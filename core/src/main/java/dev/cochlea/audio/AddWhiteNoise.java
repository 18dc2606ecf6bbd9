package dev.cochlea.audio;

import java.util.random.RandomGenerator;

/**
 * Adds Gaussian white noise at a signal-to-noise ratio drawn uniformly from {@code [minSnrDb, maxSnrDb]}.
 * The noise power is {@code P_signal / 10^(snr / 10)} with {@code P_signal} the mean of the squared
 * samples of this waveform (so quiet clips get quiet noise). A silent waveform has no power to
 * measure against and is returned unchanged (copied).
 */
public final class AddWhiteNoise extends RangeAugmentation {
    public AddWhiteNoise(double minSnrDb, double maxSnrDb) {
        super("SnrDb", minSnrDb, maxSnrDb);
    }

    @Override
    float[] applyWith(float[] waveform, double snrDb, RandomGenerator rng) {
        return addNoise(waveform, snrDb, rng);
    }

    /** {@code waveform} plus white noise at exactly {@code snrDb} (in expectation). */
    public static float[] addNoise(float[] waveform, double snrDb, RandomGenerator rng) {
        double power = 0;
        for (float v : waveform) {
            power += (double) v * v;
        }
        power /= Math.max(1, waveform.length);
        float[] out = waveform.clone();
        if (power == 0) {
            return out;
        }
        double sigma = Math.sqrt(power / Math.pow(10, snrDb / 10));
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) (sigma * rng.nextGaussian());
        }
        return out;
    }
}
