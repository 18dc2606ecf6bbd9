package dev.cochlea.cpu;

import dev.cochlea.kernels.Conv1dParams;

/**
 * A/B timing of the weight-gradient algorithms on the seed shapes at batch 32: the one {@link Conv#backwardWeight}
 * chooses ({@link Conv#weightByShiftedRows} for kernels of at least NR taps, else {@link
 * Conv#weightByTransposedInput}) against the im2col product {@link Conv#weightByGemm},
 * interleaved in one JVM so that load from other processes hits both alike. Not a test: run by hand with the test
 * classpath.
 */
public final class WeightGradAB {
    public static void main(String[] args) {
        int batch = 32;
        Parallel par = new Parallel(Runtime.getRuntime().availableProcessors());
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        for (Conv1dParams p : ConvShapes.seed(batch)) {
            float[] x = rnd(ConvShapes.input(p));
            float[] gy = rnd(ConvShapes.output(p));
            float[] a = new float[ConvShapes.weight(p)];
            float[] c = new float[a.length];
            double[][] t = new double[2][rounds];
            for (int r = 0; r < rounds + 2; r++) {
                long t0 = System.nanoTime();
                Conv.backwardWeight(par, p, x, gy, a, null);
                long t1 = System.nanoTime();
                Conv.weightByGemm(par, p, x, gy, c);
                long t2 = System.nanoTime();
                if (r >= 2) {
                    t[0][r - 2] = (t1 - t0) / 1e9;
                    t[1][r - 2] = (t2 - t1) / 1e9;
                }
            }
            double err = 0;
            for (int i = 0; i < a.length; i++) {
                err = Math.max(err, Math.abs(a[i] - c[i]));
            }
            System.out.printf(
                    "%3d->%3d L%-5d  chosen %6.1f  gemm %6.1f GF/s  (max diff %.2e)%n",
                    p.inChannels(),
                    p.outChannels(),
                    p.inLength(),
                    p.flops() / med(t[0]) / 1e9,
                    p.flops() / med(t[1]) / 1e9,
                    err);
        }
        System.exit(0);
    }

    static double med(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    static float[] rnd(int n) {
        float[] a = new float[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() - 0.5);
        }
        return a;
    }
}
