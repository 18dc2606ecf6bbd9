package dev.cochlea.data;

import java.util.random.RandomGenerator;

/**
 * A per-example step of the input pipeline run by the {@link DataLoader}'s prefetch threads: augmentation, feature
 * extraction. The loader passes a generator seeded from (loader seed, epoch, dataset index), so results do not
 * depend on which thread runs the transform or how many there are. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ExampleTransform {
    Example apply(Example example, RandomGenerator rng);

    /** This transform, then {@code next} on its output (with the same generator). */
    default ExampleTransform andThen(ExampleTransform next) {
        return (example, rng) -> next.apply(apply(example, rng), rng);
    }

    /** The example unchanged; always the same instance, so a loader can tell that there is nothing to apply. */
    static ExampleTransform identity() {
        return IdentityTransform.INSTANCE;
    }
}
