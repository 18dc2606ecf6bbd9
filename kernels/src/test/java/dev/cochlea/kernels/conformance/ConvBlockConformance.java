package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.Conv1dWeights;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.ConvBlockScratch;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.conformance.ConformanceCases.ConvBlockCase;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance of the inference conv block (conv1d + bias -> ReLU -> max-pool). A backend that does not fuse the block
 * gets its scratch buffers, as the inference plan gives them.
 */
public interface ConvBlockConformance extends ConformanceSupport {

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "convBlockCases")
    default void conv1dBlockForward(ConvBlockCase c) {
        ConvBlockParams p = c.p();
        Conv1dParams conv = p.conv();
        ConvInputs in = ConvInputs.random(c, conv, c.bias());
        assertConforms(c, io -> {
            DeviceBuffer y = io.nanFloats(p.outSize());
            ConvBlockScratch scratch = io.kernels().fusesConvBlocks()
                    ? null
                    : new ConvBlockScratch(
                            io.nanFloats(p.convOutSize()), p.pool() == null ? null : io.garbageInts(p.outSize()));
            io.kernels()
                    .conv1dBlockForward(
                            p,
                            io.upload(in.x()),
                            new Conv1dWeights(io.upload(in.w()), io.uploadOrNull(in.bias())),
                            y,
                            scratch);
            return new Outputs().sums("y", io.download(y), SUMS);
        });
    }

    /**
     * A weight packed once ({@link dev.cochlea.kernels.Kernels#packConvWeight}, as an inference plan does) gives the
     * same bits as the weight alone, on backends that pack at all.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "convBlockCases")
    default void conv1dBlockForwardWithPackedWeight(ConvBlockCase c) {
        ConvBlockParams p = c.p();
        Conv1dParams conv = p.conv();
        ConvInputs in = ConvInputs.random(c, conv, c.bias());
        try (Buffers io = new Buffers(backendUnderTest())) {
            long size = io.kernels().packedConvWeightSize(conv.outChannels(), conv.inChannels(), conv.kernelSize());
            Assumptions.assumeTrue(size > 0, backendUnderTest().name() + " reads convolution weights as they are");
            DeviceBuffer w = io.upload(in.w());
            DeviceBuffer packed = io.nanFloats(size);
            io.kernels().packConvWeight(w, conv.outChannels(), conv.inChannels(), conv.kernelSize(), packed);
            DeviceBuffer fromWeight = io.nanFloats(p.outSize());
            DeviceBuffer fromPacked = io.nanFloats(p.outSize());
            DeviceBuffer x = io.upload(in.x());
            DeviceBuffer bias = io.uploadOrNull(in.bias());
            io.kernels().conv1dBlockForward(p, x, new Conv1dWeights(w, bias), fromWeight, null);
            io.kernels().conv1dBlockForward(p, x, new Conv1dWeights(w, bias, packed), fromPacked, null);
            inCase(c, () -> Assertions.assertArrayEquals(io.download(fromWeight), io.download(fromPacked)));
        }
    }
}
