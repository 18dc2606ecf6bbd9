package dev.cochlea.audio;

import java.util.random.RandomGenerator;

/**
 * A random transformation of a mono waveform for training. Implementations never modify their input
 * and draw all randomness from the generator passed in, so a seeded generator (e.g.
 * {@code new java.util.Random(seed)}) reproduces the same outputs. Instances are immutable and
 * thread-safe; the generator is not, so give each thread its own.
 *
 * <pre>{@code
 * Augmentation augment = new RandomTimeShift(800, RandomTimeShift.Mode.ZERO_FILL)
 *         .andThen(new RandomGain(-6, 6))
 *         .andThen(new AddWhiteNoise(10, 30));
 * float[] noisy = augment.apply(samples, rng);
 * }</pre>
 */
@FunctionalInterface
public interface Augmentation {

    /** A new waveform; {@code waveform} is left unchanged. */
    float[] apply(float[] waveform, RandomGenerator rng);

    /** This augmentation, then {@code next} on its output. */
    default Augmentation andThen(Augmentation next) {
        return (waveform, rng) -> next.apply(apply(waveform, rng), rng);
    }

    /** Applies this augmentation with probability {@code p}, otherwise returns a copy of the input. */
    default Augmentation withProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        }
        return (waveform, rng) -> rng.nextDouble() < p ? apply(waveform, rng) : waveform.clone();
    }
}
