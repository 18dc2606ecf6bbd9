package dev.cochlea.benchmarks;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's fused multiply-add peak as the Vector API reaches it: every thread runs ten independent FMA chains
 * on registers (enough to cover the FMA latency on two pipes), at the preferred species' width, with no memory
 * traffic. The best of several rounds, in GFLOP/s, so that {@code compare.sh} can state what fraction of it a training
 * step reaches. Threads: {@code -Dcochlea.threads}, else every core, as the cpu backend uses.
 *
 * <p>Prints one JSON object: {@code {"gflops": P, "threads": T, "vector_bits": B}}.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final long ITERATIONS = 20_000_000L;

    private FmaPeak() {}

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.getInteger("cochlea.threads", Runtime.getRuntime().availableProcessors());
        double best = 0;
        for (int round = 0; round < 6; round++) {
            best = Math.max(best, measure(threads));
        }
        System.out.printf(
                Locale.ROOT,
                "{\"gflops\": %.1f, \"threads\": %d, \"vector_bits\": %d}%n",
                best,
                threads,
                S.vectorBitSize());
    }

    private static double measure(int threads) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(threads);
        float[] sink = new float[threads];
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                sink[id] = chains(ITERATIONS);
                done.countDown();
            });
            worker.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        return threads * ITERATIONS * 10.0 * 2 * S.length() / seconds / 1e9;
    }

    /** Ten independent chains a = a * x + y; returns their sum so that the JIT cannot drop the work. */
    private static float chains(long iterations) {
        FloatVector x = FloatVector.broadcast(S, 0.999999f);
        FloatVector y = FloatVector.broadcast(S, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0;
        FloatVector a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
        }
        FloatVector sum = a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9);
        return sum.reduceLanes(VectorOperators.ADD);
    }
}
