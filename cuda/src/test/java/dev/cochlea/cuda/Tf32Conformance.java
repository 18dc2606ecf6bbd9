package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.ReferenceBackend;
import dev.cochlea.kernels.conformance.Buffers;
import dev.cochlea.kernels.conformance.ConformanceCases.ConvCase;
import dev.cochlea.kernels.conformance.RandomData;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TF32 tensor-core path of gemm and the three convolutions against the float32 reference, over the conformance
 * kit's cases, under the error bound TF32 allows.
 *
 * <p>Tolerance (per element i, not relative to the tensor's maximum): both operands of each product are rounded to
 * TF32 (10 mantissa bits, relative error at most u = 2^-11 each), so a product is off by at most (2u + u^2) |a b|,
 * and float32 accumulation of K terms adds at most K 2^-24 of the magnitudes' sum. Hence
 * |got_i - ref_i| <= (2^-10 + (K + 4) 2^-24) S_i + 2^-21 (|ref_i| + |added_i|), with S_i = sum over k of |a_ik b_kj|
 * (the reference run on absolute values) and added_i the beta C or bias term. That is a bound, not a statistical
 * guess: random data typically stays 10-30 times inside it.
 *
 * <p>{@link #operandsAreRoundedToNearestTf32TiesAwayFromZero} pins the rounding itself (cvt.rna.tf32.f32).
 */
abstract class Tf32Conformance {
    private static final String CASES = "dev.cochlea.kernels.conformance.ConformanceCases#";
    private static final Backend REFERENCE = new ReferenceBackend();
    private static final double PRODUCT_ERROR = Math.scalb(1.0, -10);
    private static final double FP32_UNIT = Math.scalb(1.0, -24);

    private Backend backend;

    /** A backend whose gemm and convolutions use TF32. */
    protected abstract Backend tf32Backend();

    @BeforeEach
    void requireBackend() {
        backend = tf32Backend();
        assumeTrue(
                backend.isAvailable(),
                () -> backend.name() + " is unavailable: "
                        + backend.unavailableReason().orElse("?"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "gemmCases")
    void gemm(GemmParams p) {
        Random random = RandomData.forCase(p);
        float[] a = RandomData.gaussian(random, extent(p.batch(), p.strideA(), p.m() * p.k()));
        float[] bm = RandomData.gaussian(random, extent(p.batch(), p.strideB(), p.k() * p.n()));
        int cSize = extent(p.batch(), p.strideC(), p.m() * p.n());
        float[] c = RandomData.gaussian(random, cSize);
        float[] start = p.beta() == 0f ? new float[cSize] : c;
        Function<Backend, float[]> product = b -> gemm(b, p, a, bm, start);
        GemmParams magnitude = new GemmParams(
                p.batch(),
                p.m(),
                p.n(),
                p.k(),
                p.transA(),
                p.transB(),
                Math.abs(p.alpha()),
                0f,
                p.strideA(),
                p.strideB(),
                p.strideC());
        float[] sums = gemm(REFERENCE, magnitude, abs(a), abs(bm), new float[cSize]);
        float[] added = new float[cSize];
        for (int i = 0; i < cSize; i++) {
            added[i] = Math.abs(p.beta() * start[i]);
        }
        assertWithinTf32Bound(p, product.apply(REFERENCE), product.apply(backend), sums, added, p.k());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "convCases")
    void conv1dForward(ConvCase c) {
        Conv1dParams p = c.p();
        Random random = RandomData.forCase(c);
        float[] x = RandomData.gaussian(random, p.inputSize());
        float[] w = RandomData.gaussian(random, p.weightSize());
        float[] bias = c.bias() ? RandomData.gaussian(random, p.outChannels()) : null;
        int ySize = Math.toIntExact(p.outputSize());
        float[] sums = forward(REFERENCE, p, abs(x), abs(w), null, ySize);
        float[] added = new float[ySize];
        if (bias != null) {
            for (int i = 0; i < ySize; i++) {
                added[i] = Math.abs(bias[i / p.outLength() % p.outChannels()]);
            }
        }
        assertWithinTf32Bound(
                c,
                forward(REFERENCE, p, x, w, bias, ySize),
                forward(backend, p, x, w, bias, ySize),
                sums,
                added,
                p.inChannels() * p.kernelSize());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "convCases")
    void conv1dBackwardInput(ConvCase c) {
        Conv1dParams p = c.p();
        Random random = RandomData.forCase(c);
        float[] gradY = RandomData.gaussian(random, p.outputSize());
        float[] w = RandomData.gaussian(random, p.weightSize());
        assertProductWithinBound(
                c,
                new float[][] {gradY, w},
                p.inputSize(),
                p.outChannels() * p.kernelSize(),
                (k, in, gradX) -> k.conv1dBackwardInput(p, in[0], in[1], gradX));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "convCases")
    void conv1dBackwardWeight(ConvCase c) {
        Conv1dParams p = c.p();
        Random random = RandomData.forCase(c);
        float[] x = RandomData.gaussian(random, p.inputSize());
        float[] gradY = RandomData.gaussian(random, p.outputSize());
        assertProductWithinBound(
                c,
                new float[][] {x, gradY},
                p.weightSize(),
                p.batch() * p.outLength(),
                (k, in, gradW) -> k.conv1dBackwardWeight(p, in[0], in[1], gradW, null));
    }

    /**
     * 1 + 2^-12 is below half a TF32 step (2^-10) and rounds down to 1; 1 + 2^-11 is exactly half and rounds away
     * from zero to 1 + 2^-10, as does -(1 + 2^-11) to -(1 + 2^-10); 1 + 2^-11 + 2^-23 is above half. Each times 1,
     * alone in a 1 x 1 x 1 product, shows the operand the tensor core saw.
     */
    @Test
    void operandsAreRoundedToNearestTf32TiesAwayFromZero() {
        float[] inputs = {1f + 0x1p-12f, 1f + 0x1p-11f, -(1f + 0x1p-11f), 1f + 0x1p-11f + 0x1p-23f, 3f};
        float[] expected = {1f, 1f + 0x1p-10f, -(1f + 0x1p-10f), 1f + 0x1p-10f, 3f};
        float[] got = new float[inputs.length];
        GemmParams one = GemmParams.of(1, 1, 1, false, false);
        for (int i = 0; i < inputs.length; i++) {
            got[i] = gemm(backend, one, new float[] {inputs[i]}, new float[] {1f}, new float[1])[0];
        }
        assertArrayEquals(expected, got, backend.name() + " does not round gemm operands as cvt.rna.tf32.f32 does");
    }

    private static void assertWithinTf32Bound(
            Object testCase, float[] want, float[] got, float[] sums, float[] added, int depth) {
        double perSum = PRODUCT_ERROR + (depth + 4) * FP32_UNIT;
        for (int i = 0; i < want.length; i++) {
            double bound = perSum * sums[i] + 8 * FP32_UNIT * (Math.abs(want[i]) + added[i]) + Float.MIN_NORMAL;
            double error = Math.abs((double) got[i] - want[i]);
            int index = i;
            assertTrue(
                    error <= bound,
                    () -> testCase + ": element " + index + " is " + got[index] + ", the float32" + " reference "
                            + want[index] + ": off by " + error + ", beyond the TF32 bound " + bound);
        }
    }

    /**
     * A bias-free product of two operands: TF32 on the backend against the float32 reference, the bound's sums from
     * the reference on the operands' absolute values.
     */
    private void assertProductWithinBound(
            Object testCase, float[][] operands, long outSize, int depth, Product product) {
        float[][] magnitudes = {abs(operands[0]), abs(operands[1])};
        assertWithinTf32Bound(
                testCase,
                product(REFERENCE, operands, outSize, product),
                product(backend, operands, outSize, product),
                product(REFERENCE, magnitudes, outSize, product),
                new float[Math.toIntExact(outSize)],
                depth);
    }

    private interface Product {
        void run(Kernels kernels, DeviceBuffer[] operands, DeviceBuffer out);
    }

    private static float[] product(Backend b, float[][] operands, long outSize, Product product) {
        return run(
                b,
                outSize,
                (io, out) -> product.run(
                        b.kernels(), new DeviceBuffer[] {io.upload(operands[0]), io.upload(operands[1])}, out));
    }

    private interface Kernel {
        void run(Buffers io, DeviceBuffer out);
    }

    private static float[] run(Backend b, long outSize, Kernel kernel) {
        try (Buffers io = new Buffers(b)) {
            DeviceBuffer out = io.nanFloats(outSize);
            kernel.run(io, out);
            return io.download(out);
        }
    }

    private static float[] gemm(Backend b, GemmParams p, float[] a, float[] bm, float[] c) {
        try (Buffers io = new Buffers(b)) {
            DeviceBuffer out = io.upload(c);
            b.kernels().gemm(p, io.upload(a), io.upload(bm), out);
            return io.download(out);
        }
    }

    private static float[] forward(Backend b, Conv1dParams p, float[] x, float[] w, float[] bias, int ySize) {
        return run(
                b,
                ySize,
                (io, y) -> b.kernels().conv1dForward(p, io.upload(x), io.upload(w), io.uploadOrNull(bias), y));
    }

    private static float[] abs(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    private static int extent(int batch, long stride, int size) {
        return Math.toIntExact((batch - 1) * stride + size);
    }
}
