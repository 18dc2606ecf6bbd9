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
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.ReferenceBackend;
import dev.cochlea.kernels.conformance.Outputs;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shapes large enough to take the cpu backend's parallel splits, KC/MC blocking and the weight-gradient dot kernel
 * (which the conformance kit's smaller shapes do not reach), compared with the reference backend.
 */
class CpuLargeShapesTest {
    private static final Backend CPU = new CpuBackend(2);
    private static final Backend REF = new ReferenceBackend();
    private static final double TOL = 1e-4;

    static Stream<Conv1dParams> convs() {
        return Stream.of(
                new Conv1dParams(2, 1, 32, 700, 100, 1, 0, 1), // layer 1 kind, short: weight gradient by GEMM
                new Conv1dParams(2, 1, 32, 4300, 100, 1, 0, 1), // layer 1 kind, long: weight-gradient dot kernel
                new Conv1dParams(3, 6, 10, 4400, 4, 1, 0, 2), // dot kernel: dilation, Cout not a multiple of 4
                new Conv1dParams(3, 16, 24, 530, 4, 1, 0, 2), // dilation, Cout not a multiple of 8
                new Conv1dParams(2, 40, 64, 300, 4, 1, 0, 1), // Cin * K = 160 > KC
                new Conv1dParams(2, 12, 20, 400, 5, 1, 2, 1), // padding on the implicit path
                new Conv1dParams(2, 12, 20, 400, 5, 3, 2, 2)); // strided fallback
    }

    @ParameterizedTest
    @MethodSource("convs")
    void convolutionMatchesReference(Conv1dParams p) {
        Random r = new Random(p.hashCode());
        float[] x = gaussian(r, ConvShapes.input(p));
        float[] w = gaussian(r, ConvShapes.weight(p));
        float[] bias = gaussian(r, p.outChannels());
        float[] gy = gaussian(r, ConvShapes.output(p));
        int ySize = gy.length;
        compare("y", ySize, (b) -> b.kernels().conv1dForward(p, up(b, x), up(b, w), up(b, bias), out(b, ySize)));
        compare("gradX", x.length, (b) -> b.kernels().conv1dBackwardInput(p, up(b, gy), up(b, w), out(b, x.length)));
        compare(
                "gradW",
                w.length,
                (b) -> b.kernels().conv1dBackwardWeight(p, up(b, x), up(b, gy), out(b, w.length), null));
    }

    static Stream<GemmParams> gemms() {
        return Stream.of(
                new GemmParams(1, 300, 700, 333, false, false, 1f, 0f, 0, 0, 0),
                new GemmParams(2, 77, 130, 290, true, true, 0.5f, 2f, 290 * 77, 130 * 290, 77 * 130),
                new GemmParams(3, 33, 517, 20, false, true, 1f, 1f, 0, 517 * 20, 33 * 517),
                new GemmParams(1, 32, 248, 1536, false, true, 1f, 0f, 0, 0, 0));
    }

    @ParameterizedTest
    @MethodSource("gemms")
    void gemmMatchesReference(GemmParams g) {
        Random r = new Random(g.hashCode());
        float[] a = gaussian(r, (int) (g.strideA() * (g.batch() - 1)) + g.m() * g.k());
        float[] b = gaussian(r, (int) (g.strideB() * (g.batch() - 1)) + g.k() * g.n());
        float[] c = gaussian(r, (int) (g.strideC() * (g.batch() - 1)) + g.m() * g.n());
        compare("C", c.length, (be) -> {
            DeviceBuffer cb = up(be, c);
            be.kernels().gemm(g, up(be, a), up(be, b), cb);
            last = cb;
        });
    }

    @ParameterizedTest
    @MethodSource("convs")
    void fusedBlockMatchesReference(Conv1dParams shape) {
        BatchNormParams bn = new BatchNormParams(shape.batch(), shape.outChannels(), shape.outLength(), 1e-5f, 0.1f);
        MaxPool1dParams pool = new MaxPool1dParams(bn.batch(), bn.channels(), bn.length(), 4, 4, 0);
        Random r = new Random(shape.hashCode() + 1);
        int n = bn.batch() * bn.channels() * bn.length();
        int pn = bn.batch() * bn.channels() * pool.outLength();
        float[] x = gaussian(r, n);
        float[] gamma = gaussian(r, bn.channels());
        float[] beta = gaussian(r, bn.channels());
        float[] gp = gaussian(r, pn);
        compare("pooled", pn, (b) -> {
            DeviceBuffer pooled = out(b, pn);
            b.kernels()
                    .batchNormReluMaxPoolForward(
                            new BnReluPoolParams(bn, pool),
                            true,
                            new BnReluPoolBuffers(
                                    up(b, x),
                                    BatchNormBuffers.affine(up(b, gamma), up(b, beta))
                                            .withSaved(out(b, bn.channels()), out(b, bn.channels())),
                                    pooled,
                                    b.allocate(DType.INT32, pn)));
            last = pooled;
        });
        compare("gradX", n, (b) -> {
            DeviceBuffer pooled = out(b, pn);
            DeviceBuffer idx = b.allocate(DType.INT32, pn);
            DeviceBuffer mean = out(b, bn.channels());
            DeviceBuffer inv = out(b, bn.channels());
            DeviceBuffer xb = up(b, x);
            DeviceBuffer g = up(b, gamma);
            BatchNormBuffers<DeviceBuffer> buffers =
                    BatchNormBuffers.affine(g, up(b, beta)).withSaved(mean, inv);
            b.kernels()
                    .batchNormReluMaxPoolForward(
                            new BnReluPoolParams(bn, pool), true, new BnReluPoolBuffers(xb, buffers, pooled, idx));
            b.kernels()
                    .batchNormReluMaxPoolBackward(
                            new BnReluPoolParams(bn, pool),
                            new BnReluPoolBuffers(xb, buffers, pooled, idx),
                            new BatchNormGrads<>(up(b, gp), out(b, n), null, null));
        });
    }

    // ---- helpers: the last buffer made by out() (or set explicitly) is the one compared -------------------------

    private static DeviceBuffer last;

    private static void compare(String name, int size, Consumer<Backend> run) {
        run.accept(REF);
        float[] expected = download(REF, last, size);
        run.accept(CPU);
        float[] actual = download(CPU, last, size);
        Outputs.assertClose(name, expected, actual, TOL, false);
    }

    private static float[] download(Backend b, DeviceBuffer buffer, int size) {
        float[] out = new float[size];
        b.download(buffer, 0, out, 0, size);
        return out;
    }

    private static DeviceBuffer up(Backend b, float[] values) {
        DeviceBuffer buffer = b.allocate(DType.FLOAT32, values.length);
        b.upload(values, 0, buffer, 0, values.length);
        return buffer;
    }

    private static DeviceBuffer out(Backend b, int size) {
        DeviceBuffer buffer = b.allocate(DType.FLOAT32, size);
        b.kernels().fill(buffer, size, Float.NaN);
        last = buffer;
        return buffer;
    }

    private static float[] gaussian(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
