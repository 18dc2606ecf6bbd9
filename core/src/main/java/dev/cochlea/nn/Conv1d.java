package dev.cochlea.nn;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.ops.ConvOps;

/**
 * torch.nn.Conv1d (groups = 1, zero padding): weight [out, in, kernel], optional bias [out], initialised as PyTorch
 * does (Kaiming uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for both). The optional arguments
 * come as {@link Options} with PyTorch's defaults, named at the call site:
 * {@code new Conv1d(64, 64, 3, Conv1d.options().padding(1).bias(false))}.
 */
public class Conv1d extends Module {

    /** Conv1d's keyword arguments; {@link #options()} gives PyTorch's defaults (1, 0, 1, true). */
    public record Options(int stride, int padding, int dilation, boolean bias) {

        public Options stride(int stride) {
            return new Options(stride, padding, dilation, bias);
        }

        public Options padding(int padding) {
            return new Options(stride, padding, dilation, bias);
        }

        public Options dilation(int dilation) {
            return new Options(stride, padding, dilation, bias);
        }

        public Options bias(boolean bias) {
            return new Options(stride, padding, dilation, bias);
        }
    }

    /** stride 1, padding 0, dilation 1, with a bias: torch.nn.Conv1d's defaults. */
    public static Options options() {
        return new Options(1, 0, 1, true);
    }

    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final Options options;

    public Conv1d(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, options());
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, boolean bias) {
        this(inChannels, outChannels, kernelSize, options().bias(bias));
    }

    public Conv1d(int inChannels, int outChannels, int kernelSize, Options options) {
        this(inChannels, outChannels, kernelSize, options, Backends.best(), Generator.global());
    }

    /** Parameters on {@code backend}, initialised from {@code gen}. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Options options, Backend backend, Generator gen) {
        int stride = options.stride();
        int padding = options.padding();
        int dilation = options.dilation();
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException(
                    "Conv1d: invalid arguments in=" + inChannels + " out=" + outChannels + " kernel_size=" + kernelSize
                            + " stride=" + stride + " padding=" + padding + " dilation=" + dilation);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.options = options;
        Tensor w = Init.kaimingUniform(Tensor.empty(backend, outChannels, inChannels, kernelSize), Math.sqrt(5), gen);
        registerParameter("weight", w);
        if (options.bias()) {
            float bound = (float) (1.0 / Math.sqrt(Init.fanIn(w)));
            registerParameter("bias", Init.uniform(Tensor.empty(backend, outChannels), -bound, bound, gen));
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return ConvOps.conv1d(
                input, weight(), bias(), options.stride(), options.padding(), options.dilation(), toString());
    }

    public Tensor weight() {
        return param("weight");
    }

    public Tensor bias() {
        return param("bias");
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernelSize() {
        return kernelSize;
    }

    public int stride() {
        return options.stride();
    }

    public int padding() {
        return options.padding();
    }

    public int dilation() {
        return options.dilation();
    }

    @Override
    public String toString() {
        return "Conv1d(" + inChannels + ", " + outChannels + ", kernel_size=" + kernelSize
                + (stride() != 1 ? ", stride=" + stride() : "") + (padding() != 0 ? ", padding=" + padding() : "")
                + (dilation() != 1 ? ", dilation=" + dilation() : "") + (bias() == null ? ", bias=False" : "") + ")";
    }
}
