package dev.cochlea.kernels;

/**
 * A counter-based random generator (SplitMix64's finaliser over seed and index): the value for (seed, i) does not
 * depend on order or thread, so every backend reproduces the same dropout mask. GPU kernels implement the same
 * arithmetic on 64-bit integers.
 */
public final class CounterRng {
    private CounterRng() {}

    /** A uniform float in [0, 1) with 24 random bits. */
    public static float uniform(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 40) * 0x1.0p-24f;
    }
}
