package dev.cochlea.audio;

import java.util.random.RandomGenerator;

/**
 * Multiplies a waveform by {@code 10^(g / 20)} with the gain {@code g} drawn uniformly from
 * {@code [minDb, maxDb]}. No clipping: training inputs are floats, and a clipped clip would teach
 * distortion.
 */
public final class RandomGain extends RangeAugmentation {
    public RandomGain(double minDb, double maxDb) {
        super("Db", minDb, maxDb);
    }

    @Override
    float[] applyWith(float[] waveform, double db, RandomGenerator rng) {
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
