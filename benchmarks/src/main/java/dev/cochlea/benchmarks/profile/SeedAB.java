package dev.cochlea.benchmarks.profile;

import dev.cochlea.benchmarks.ReportArgs;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A/B comparison of two builds of the benchmarks jar in one JVM, for a machine shared with other work: each jar is
 * loaded in its own class loader (its own backend, pool and threads), and their training steps alternate, so that a
 * burst of outside load hits both alike. Prints the median step time of each and their ratio.
 *
 * <p>Usage: SeedAB JAR_A JAR_B [BATCH [ROUNDS [BACKEND [STEP]]]] (defaults 32, 8, cpu, trainStep; STEP planInfer
 * times the compiled inference plan instead); run with -Dcochlea.cpu.poolBytes set so that two pools fit in the heap.
 * Run a build against itself first: with planInfer on the Zen 5 of 2026-12-06 the second-loaded copy of the same jar
 * read 2.5% slower, a bias that a real change must exceed (per-kernel times from the profiler are steadier there).
 */
public final class SeedAB {
    private SeedAB() {}

    public static void main(String[] args) throws Exception {
        ReportArgs arguments = new ReportArgs(args);
        int batch = arguments.integer(2, 32);
        int rounds = arguments.integer(3, 8);
        String backend = arguments.string(4, "cpu");
        String step = arguments.string(5, "trainStep");
        Object[] states = new Object[2];
        Method[] steps = new Method[2];
        for (int v = 0; v < 2; v++) {
            ClassLoader loader = new URLClassLoader(
                    new URL[] {Path.of(args[v]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
            Class<?> c = loader.loadClass("dev.cochlea.benchmarks.SeedNetworkState");
            states[v] = c.getConstructor(String.class, int.class).newInstance(backend, batch);
            steps[v] = c.getMethod(step);
        }
        for (int i = 0; i < 6; i++) {
            for (int v = 0; v < 2; v++) {
                steps[v].invoke(states[v]);
            }
        }
        double[][] t = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < 2; v++) {
                int which = (r % 2 == 0) ? v : 1 - v;
                long start = System.nanoTime();
                steps[which].invoke(states[which]);
                t[which][r] = (System.nanoTime() - start) / 1e9;
            }
        }
        double a = median(t[0]);
        double b = median(t[1]);
        System.out.printf(
                Locale.ROOT,
                "%s: A %.1f ms/step (%.1f samples/s), B %.1f ms/step (%.1f samples/s), B/A speed %.3f%n",
                step,
                a * 1e3,
                batch / a,
                b * 1e3,
                batch / b,
                a / b);
        System.exit(0);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
