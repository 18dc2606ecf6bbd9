package dev.cochlea.cpu;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.HostBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;

/**
 * A quick timing of the seed network's conv layers (forward, backward-input, backward-weight) and of its first
 * block's fused BatchNorm/ReLU/MaxPool against the unfused kernels. Not a test: run by hand, e.g.
 * {@code java --add-modules jdk.incubator.vector -cp ... dev.cochlea.cpu.SeedKernelsBench 8}. JMH benchmarks are the
 * careful measurement; this is for choosing algorithms quickly.
 */
public final class SeedKernelsBench {
    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Backend cpu = new CpuBackend();
        Kernels k = cpu.kernels();
        System.out.printf(
                "cpu backend, %d threads, batch %d, vector species %s%n", ((CpuBackend) cpu).threads(), batch, Gemm.S);
        for (Conv1dParams p : ConvShapes.seed(batch)) {
            DeviceBuffer x = filled(cpu, ConvShapes.input(p));
            DeviceBuffer w = filled(cpu, ConvShapes.weight(p));
            DeviceBuffer y = filled(cpu, ConvShapes.output(p));
            DeviceBuffer gx = filled(cpu, ConvShapes.input(p));
            DeviceBuffer gw = filled(cpu, ConvShapes.weight(p));
            double fwd = time(() -> k.conv1dForward(p, x, w, null, y));
            double bwi = time(() -> k.conv1dBackwardInput(p, y, w, gx));
            double bww = time(() -> k.conv1dBackwardWeight(p, x, y, gw, null));
            System.out.printf(
                    "conv %3d->%3d K%-3d L%-5d  fwd %7.2f ms %6.1f GF/s | bwdIn %7.2f ms %6.1f GF/s"
                            + " | bwdW %7.2f ms %6.1f GF/s%n",
                    p.inChannels(),
                    p.outChannels(),
                    p.kernelSize(),
                    p.inLength(),
                    fwd * 1e3,
                    p.flops() / fwd / 1e9,
                    bwi * 1e3,
                    p.flops() / bwi / 1e9,
                    bww * 1e3,
                    p.flops() / bww / 1e9);
            for (DeviceBuffer b : new DeviceBuffer[] {x, w, y, gx, gw}) {
                b.close();
            }
        }
        BatchNormParams bn = new BatchNormParams(batch, 32, 31901, 1e-5f, 0.1f);
        MaxPool1dParams pool = new MaxPool1dParams(batch, 32, 31901, 4, 4, 0);
        long n = (long) batch * 32 * 31901;
        long pn = (long) batch * 32 * pool.outLength();
        DeviceBuffer x = filled(cpu, n);
        DeviceBuffer z = filled(cpu, n);
        DeviceBuffer gz = filled(cpu, n);
        DeviceBuffer pooled = filled(cpu, pn);
        DeviceBuffer gp = filled(cpu, pn);
        DeviceBuffer idx = cpu.allocate(DType.INT32, pn);
        DeviceBuffer g = filled(cpu, 32);
        DeviceBuffer b = filled(cpu, 32);
        DeviceBuffer m = filled(cpu, 32);
        DeviceBuffer s = filled(cpu, 32);
        DeviceBuffer gg = filled(cpu, 32);
        DeviceBuffer gb = filled(cpu, 32);
        BatchNormBuffers<DeviceBuffer> buffers = BatchNormBuffers.affine(g, b).withSaved(m, s);
        BatchNormGrads<DeviceBuffer> grads = new BatchNormGrads<DeviceBuffer>(null, gz, gg, gb); // gradY set per call
        double fusedF = time(() -> k.batchNormReluMaxPoolForward(
                new BnReluPoolParams(bn, pool), true, new BnReluPoolBuffers(x, buffers, pooled, idx)));
        double fusedB = time(() -> k.batchNormReluMaxPoolBackward(
                new BnReluPoolParams(bn, pool), new BnReluPoolBuffers(x, buffers, pooled, idx), grads.withGradY(gp)));
        double plainF = time(() -> {
            k.batchNormForwardTraining(bn, x, buffers, z);
            k.unary(dev.cochlea.kernels.UnaryOp.RELU, z, z, n);
            k.maxPool1dForward(pool, z, pooled, idx);
        });
        double plainB = time(() -> {
            k.maxPool1dBackward(pool, gp, idx, z);
            k.reluBackward(x, z, z, n);
            k.batchNormBackward(bn, x, buffers, grads.withGradY(z));
        });
        System.out.printf(
                "block 1 BN+ReLU+MaxPool: fused fwd %.2f ms, bwd %.2f ms | unfused fwd %.2f ms, bwd %.2f ms%n",
                fusedF * 1e3, fusedB * 1e3, plainF * 1e3, plainB * 1e3);
    }

    private static DeviceBuffer filled(Backend cpu, long n) {
        DeviceBuffer buffer = cpu.allocate(DType.FLOAT32, n);
        float[] a = HostBuffer.floats(buffer);
        java.util.Random r = new java.util.Random(n);
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return buffer;
    }

    /** Best of a few runs after warm-up, in seconds. */
    private static double time(Runnable op) {
        for (int i = 0; i < 3; i++) {
            op.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            op.run();
            best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
        }
        return best;
    }
}
