package dev.cochlea.audio;

import java.util.random.RandomGenerator;

/**
 * Multiplies a waveform by {@code 10^(g / 20)} with the gain {@code g} drawn uniformly from
 * {@code [minDb, maxDb]}. No clipping: training inputs are floats, and a clipped clip would teach
 * distortion.
 */
public final class RandomGain implements Augmentation {
    private final double minDb;
    private final double maxDb;

    public RandomGain(double minDb, double maxDb) {
        if (!(minDb <= maxDb)) {
            throw new IllegalArgumentException("need minDb <= maxDb, got [" + minDb + ", " + maxDb + "]");
        }
        this.minDb = minDb;
        this.maxDb = maxDb;
    }

    @Override
    public float[] apply(float[] waveform, RandomGenerator rng) {
        double db = minDb == maxDb ? minDb : rng.nextDouble(minDb, maxDb);
        return gain(waveform, db);
    }

    /** {@code waveform * 10^(db / 20)}. */
    public static float[] gain(float[] waveform, double db) {
        double factor = Math.pow(10, db / 20);
        float[] out = new float[waveform.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (waveform[i] * factor);
        }
        return out;
    }
}
