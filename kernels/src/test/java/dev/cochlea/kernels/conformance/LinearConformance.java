package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.conformance.ConformanceCases.ConvCase;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Conformance of gemm and the three conv1d kernels: the dot-product ops. */
public interface LinearConformance extends ConformanceSupport {

    /** With beta == 0, C starts as NaN: the kernel must not read it. Otherwise C starts random and is accumulated. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "gemmCases")
    default void gemm(GemmParams p) {
        Random random = RandomData.forCase(p);
        float[] a = RandomData.gaussian(random, extent(p.batch(), p.strideA(), p.m() * p.k()));
        float[] bm = RandomData.gaussian(random, extent(p.batch(), p.strideB(), p.k() * p.n()));
        int cSize = extent(p.batch(), p.strideC(), p.m() * p.n());
        float[] c = RandomData.gaussian(random, cSize);
        assertConforms(p, io -> {
            DeviceBuffer out = p.beta() == 0f ? io.nanFloats(cSize) : io.upload(c);
            io.kernels().gemm(p, io.upload(a), io.upload(bm), out);
            return new Outputs().sums("c", io.download(out), SUMS);
        });
    }

    /** Elements spanned by a batch of matrices of {@code size} elements placed {@code stride} apart. */
    private static int extent(int batch, long stride, int size) {
        return Math.toIntExact((batch - 1) * stride + size);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "convCases")
    default void conv1dForward(ConvCase c) {
        Conv1dParams p = c.p();
        ConvInputs in = ConvInputs.random(c, p, c.bias());
        assertConforms(c, io -> {
            DeviceBuffer y = io.nanFloats(p.outputSize());
            io.kernels().conv1dForward(p, io.upload(in.x()), io.upload(in.w()), io.uploadOrNull(in.bias()), y);
            return new Outputs().sums("y", io.download(y), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "convCases")
    default void conv1dBackwardInput(ConvCase c) {
        Conv1dParams p = c.p();
        Random random = RandomData.forCase(c);
        float[] gradY = RandomData.gaussian(random, p.outputSize());
        float[] w = RandomData.gaussian(random, p.weightSize());
        assertConforms(c, io -> {
            DeviceBuffer gradX = io.nanFloats(p.inputSize());
            io.kernels().conv1dBackwardInput(p, io.upload(gradY), io.upload(w), gradX);
            return new Outputs().sums("gradX", io.download(gradX), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "convCases")
    default void conv1dBackwardWeight(ConvCase c) {
        Conv1dParams p = c.p();
        Random random = RandomData.forCase(c);
        float[] x = RandomData.gaussian(random, p.inputSize());
        float[] gradY = RandomData.gaussian(random, p.outputSize());
        assertConforms(c, io -> {
            DeviceBuffer gradW = io.nanFloats(p.weightSize());
            DeviceBuffer gradBias = c.bias() ? io.nanFloats(p.outChannels()) : null;
            io.kernels().conv1dBackwardWeight(p, io.upload(x), io.upload(gradY), gradW, gradBias);
            Outputs out = new Outputs().sums("gradW", io.download(gradW), SUMS);
            return c.bias() ? out.sums("gradBias", io.download(gradBias), SUMS) : out;
        });
    }
}
