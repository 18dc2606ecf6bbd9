package dev.cochlea.benchmarks;

import java.util.Locale;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A STREAM-like probe of main-memory bandwidth: the triad a = b + s * c over three 64 MB float arrays (far larger
 * than the caches), split over the threads the cpu backend uses, best of several rounds. Counts 12 bytes per element
 * (two reads, one write), as STREAM does. The fused BatchNorm + ReLU + MaxPool passes read and write activations of
 * this size class, so their speed is judged against this figure rather than the FMA peak.
 *
 * <p>Prints one JSON object: {@code {"gbytes_per_s": B, "threads": T}}.
 */
public final class MemoryBandwidth {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int N = 16 << 20;

    private MemoryBandwidth() {}

    public static void main(String[] args) {
        int threads = Integer.getInteger("cochlea.threads", Runtime.getRuntime().availableProcessors());
        float[] a = new float[N];
        float[] b = new float[N];
        float[] c = new float[N];
        java.util.Arrays.fill(b, 1f);
        java.util.Arrays.fill(c, 2f);
        int chunk = N / threads / S.length() * S.length();
        double best = 0;
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        for (int round = 0; round < 12; round++) {
            long start = System.nanoTime();
            pool.submit(() -> IntStream.range(0, threads).parallel().forEach(t -> {
                        int from = t * chunk;
                        int to = t == threads - 1 ? N : from + chunk;
                        triad(a, b, c, 3f, from, to);
                    }))
                    .join();
            double seconds = (System.nanoTime() - start) / 1e9;
            best = Math.max(best, 12.0 * N / seconds / 1e9);
        }
        pool.shutdown();
        System.out.printf(Locale.ROOT, "{\"gbytes_per_s\": %.1f, \"threads\": %d}%n", best, threads);
    }

    private static void triad(float[] a, float[] b, float[] c, float s, int from, int to) {
        int i = from;
        for (int bound = from + S.loopBound(to - from); i < bound; i += S.length()) {
            FloatVector.fromArray(S, c, i)
                    .mul(s)
                    .add(FloatVector.fromArray(S, b, i))
                    .intoArray(a, i);
        }
        for (; i < to; i++) {
            a[i] = b[i] + s * c[i];
        }
    }
}
