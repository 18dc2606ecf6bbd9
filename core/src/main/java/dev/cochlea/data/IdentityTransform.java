package dev.cochlea.data;

import java.util.random.RandomGenerator;

/** {@link ExampleTransform#identity()}: one instance, which {@link DataLoader} recognises. */
enum IdentityTransform implements ExampleTransform {
    INSTANCE;

    @Override
    public Example apply(Example example, RandomGenerator rng) {
        return example;
    }
}
