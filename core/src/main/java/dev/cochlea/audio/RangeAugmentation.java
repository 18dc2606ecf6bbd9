package dev.cochlea.audio;

import java.util.random.RandomGenerator;

/**
 * An augmentation with one parameter drawn uniformly from {@code [min, max]} on each call ({@code min == max} fixes
 * it) and then applied by {@link #applyWith}.
 */
abstract class RangeAugmentation implements Augmentation {
    private final double min;
    private final double max;

    /** @param name the parameter as the subclass's constructor names its bounds: {@code min<name>}, {@code max<name>} */
    RangeAugmentation(String name, double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException(
                    "need min" + name + " <= max" + name + ", got [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
    }

    @Override
    public final float[] apply(float[] waveform, RandomGenerator rng) {
        return applyWith(waveform, min == max ? min : rng.nextDouble(min, max), rng);
    }

    /** A new waveform: {@code waveform} transformed with the drawn {@code value}; may draw more from {@code rng}. */
    abstract float[] applyWith(float[] waveform, double value, RandomGenerator rng);
}
