package dev.cochlea;

import java.util.SplittableRandom;

/**
 * A seeded source of randomness for initialisation, shuffling and dropout, like torch.Generator. The global default
 * ({@link #global()}) is reseeded with {@link #manualSeed(long)}, so the same seed gives the same model and run.
 */
public final class Generator {
    private static Generator global = new Generator(0x5EEDL);

    private SplittableRandom random;

    public Generator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The generator used when none is passed, like PyTorch's default generator. */
    public static synchronized Generator global() {
        return global;
    }

    /** Reseeds the global generator, like torch.manual_seed. */
    public static synchronized void manualSeed(long seed) {
        global = new Generator(seed);
    }

    public synchronized float uniform(float low, float high) {
        return (float) (low + (high - low) * random.nextDouble());
    }

    /** Standard normal by Box-Muller (kept here so results do not depend on a JDK's Random implementation). */
    public synchronized float normal(float mean, float std) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return (float) (mean + std * Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2));
    }

    public synchronized long nextLong() {
        return random.nextLong();
    }

    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Fisher-Yates permutation of 0..n-1. */
    public synchronized int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
