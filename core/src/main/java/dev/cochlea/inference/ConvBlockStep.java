package dev.cochlea.inference;

import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.Conv1dWeights;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.MaxPool1d;

/**
 * Conv1d (with any following BatchNorm1d folded into its weights and bias) -> optional ReLU -> optional MaxPool1d,
 * run as one {@link dev.cochlea.kernels.Kernels#conv1dBlockForward} call into the arena.
 */
final class ConvBlockStep implements PlanStep {
    private final Tensor weight;
    private final Tensor bias;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final boolean relu;
    private final MaxPool1d pool;
    private final String description;

    /** weight [out, in, kernel] and bias [out] (or null): the convolution's own, or folded with its batch norm. */
    ConvBlockStep(Conv1d conv, Tensor weight, Tensor bias, boolean relu, MaxPool1d pool, String description) {
        this.weight = weight;
        this.bias = bias;
        this.stride = conv.stride();
        this.padding = conv.padding();
        this.dilation = conv.dilation();
        this.relu = relu;
        this.pool = pool;
        this.description = description;
    }

    @Override
    public Value run(Value in, Arena arena) {
        if (in.buffer().backend() != weight.backend()) {
            throw new IllegalArgumentException(description + ": the input is on backend '"
                    + in.buffer().backend().name() + "' but the plan on '"
                    + weight.backend().name() + "'");
        }
        ConvBlockParams p = params(in.shape());
        Conv1dParams conv = p.conv();
        int slot = Arena.outputSlotFor(in.slot());
        DeviceBuffer out = arena.slot(slot, p.outSize());
        weight.backend()
                .kernels()
                .conv1dBlockForward(
                        p,
                        in.buffer(),
                        new Conv1dWeights(weight.buffer(), bias == null ? null : bias.buffer()),
                        out,
                        arena.convScratch(p));
        return new Value(out, new int[] {conv.batch(), conv.outChannels(), p.outLength()}, null, slot);
    }

    @Override
    public int[] outputShape(int[] in) {
        ConvBlockParams p = params(in);
        return new int[] {in[0], p.conv().outChannels(), p.outLength()};
    }

    private ConvBlockParams params(int[] in) {
        int cin = weight.dim(1);
        if (in.length != 3 || in[1] != cin) {
            throw new IllegalArgumentException(
                    description + ": expected input [N, " + cin + ", L], got " + Shape.str(in));
        }
        Conv1dParams conv =
                new Conv1dParams(in[0], cin, weight.dim(0), in[2], weight.dim(2), stride, padding, dilation);
        return pool == null
                ? ConvBlockParams.of(conv, relu)
                : new ConvBlockParams(
                        conv,
                        relu,
                        new MaxPool1dParams(
                                conv.batch(),
                                conv.outChannels(),
                                conv.outLength(),
                                pool.kernelSize(),
                                pool.stride(),
                                pool.padding()));
    }

    @Override
    public String describe() {
        return description;
    }
}
