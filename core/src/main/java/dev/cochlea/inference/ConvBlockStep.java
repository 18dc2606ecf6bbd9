package dev.cochlea.inference;

import dev.cochlea.MemoryScope;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.Conv1dWeights;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.MaxPool1d;

/**
 * Conv1d (with any following BatchNorm1d folded into its weights and bias) -> optional ReLU -> optional MaxPool1d,
 * run as one {@link dev.cochlea.kernels.Kernels#conv1dBlockForward} call into the arena. Where the backend reads
 * weights in a layout of its own, the weight is rearranged into it once, here, instead of on every call (ONNX Runtime
 * and oneDNN pre-pack weights the same way): at batch 1 that was 4% of the seed network's time on the cpu backend.
 */
final class ConvBlockStep implements PlanStep {
    private final Tensor weight;
    private final Tensor bias;
    /** The weight in the backend's own layout ({@link dev.cochlea.kernels.Kernels#packConvWeight}), or null. */
    private final Tensor packed;

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
        this.packed = pack(weight);
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
                        new Conv1dWeights(
                                weight.buffer(),
                                bias == null ? null : bias.buffer(),
                                packed == null ? null : packed.buffer()),
                        out,
                        arena.convScratch(p));
        return new Value(out, new int[] {conv.batch(), conv.outChannels(), p.outLength()}, null, slot);
    }

    /** The plan's own copy, outside any memory scope like the weight it is made from; null where not needed. */
    private static Tensor pack(Tensor weight) {
        Kernels kernels = weight.backend().kernels();
        long size = kernels.packedConvWeightSize(weight.dim(0), weight.dim(1), weight.dim(2));
        if (size == 0) {
            return null;
        }
        return MemoryScope.outside(() -> {
            Tensor packed = Tensor.empty(weight.backend(), Math.toIntExact(size));
            kernels.packConvWeight(weight.buffer(), weight.dim(0), weight.dim(1), weight.dim(2), packed.buffer());
            return packed;
        });
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
