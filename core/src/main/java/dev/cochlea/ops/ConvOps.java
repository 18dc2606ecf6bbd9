package dev.cochlea.ops;

import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.Kernels;

/** 1-D convolution (PyTorch's conv1d, groups = 1): forward and both backward passes on the backend's kernels. */
public final class ConvOps {
    private ConvOps() {}

    /** x [N, Cin, L], weight [Cout, Cin, K], bias [Cout] or null. {@code layer} names the caller in errors. */
    public static Tensor conv1d(
            Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, String layer) {
        OpSupport.requireFloat(layer, x, weight, bias);
        OpSupport.sameBackend(layer, x, weight, bias);
        int cout = weight.dim(0);
        int cin = weight.dim(1);
        int k = weight.dim(2);
        if (x.rank() != 3 || x.dim(1) != cin) {
            throw new IllegalArgumentException(
                    layer + ": expected input [N, " + cin + ", L], got " + Shape.str(x.shape()));
        }
        int effective = dilation * (k - 1) + 1;
        if (x.dim(2) + 2 * padding < effective) {
            throw new IllegalArgumentException(layer + ": input length " + x.dim(2) + " (padding " + padding
                    + ") is shorter than the kernel's reach " + effective + "; input shape " + Shape.str(x.shape()));
        }
        Conv1dParams p = new Conv1dParams(x.dim(0), cin, cout, x.dim(2), k, stride, padding, dilation);
        Tensor y = Tensor.empty(x.backend(), p.batch(), cout, p.outLength());
        Kernels kern = x.backend().kernels();
        kern.conv1dForward(p, x.buffer(), weight.buffer(), bias == null ? null : bias.buffer(), y.buffer());
        return LayerBackward.record(
                "conv1d",
                y,
                x,
                weight,
                bias,
                (g, gx) -> kern.conv1dBackwardInput(p, g.buffer(), weight.buffer(), gx.buffer()),
                (g, wantWeight, wantBias) -> {
                    // One kernel gives both: the weight's gradient is computed even when only the bias wants one.
                    Tensor gw = Tensor.empty(x.backend(), weight.shape());
                    Tensor gb = wantBias ? Tensor.empty(x.backend(), cout) : null;
                    kern.conv1dBackwardWeight(p, x.buffer(), g.buffer(), gw.buffer(), gb == null ? null : gb.buffer());
                    return new Tensor[] {wantWeight ? gw : null, gb};
                });
    }
}
