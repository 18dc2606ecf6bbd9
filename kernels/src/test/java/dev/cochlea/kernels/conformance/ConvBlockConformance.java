package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.Conv1dWeights;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.ConvBlockScratch;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.conformance.ConformanceCases.ConvBlockCase;
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
}
