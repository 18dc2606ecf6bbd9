package dev.cochlea.ops;

import dev.cochlea.Autograd;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;

/**
 * Batch normalisation over [N, C] or [N, C, L], and the fused BatchNorm -> ReLU -> MaxPool1d tail of a conv block,
 * which never materialises the normalised activations.
 */
public final class NormOps {
    private NormOps() {}

    /** The running statistics and affine parameters of one BatchNorm1d call; any of them may be null. */
    public record BatchNormState(
            Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, float momentum, float eps) {}

    public static BatchNormParams params(Tensor x, int channels, BatchNormState s, String layer) {
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(1) != channels) {
            throw new IllegalArgumentException(layer + ": expected input [N, " + channels + "] or [N, " + channels
                    + ", L], got " + Shape.str(x.shape()));
        }
        return new BatchNormParams(x.dim(0), channels, x.rank() == 3 ? x.dim(2) : 1, s.eps(), s.momentum());
    }

    /**
     * Training mode normalises with the batch statistics and updates the running ones; evaluation mode uses the
     * running statistics (PyTorch's F.batch_norm with training = true / false).
     */
    public static Tensor batchNorm(Tensor x, int channels, BatchNormState s, boolean training, String layer) {
        OpSupport.requireFloat(layer, x);
        OpSupport.sameBackend(layer, x, s.runningMean(), s.runningVar(), s.weight(), s.bias());
        BatchNormParams p = params(x, channels, s, layer);
        if (training && p.count() < 2) {
            throw new IllegalArgumentException(layer
                    + ": expected more than 1 value per channel when training, got input " + Shape.str(x.shape()));
        }
        Kernels kern = x.backend().kernels();
        Tensor y = Tensor.empty(x.backend(), x.shape());
        if (!training) {
            if (s.runningMean() == null) {
                throw new IllegalStateException(layer + ": evaluation mode needs running statistics "
                        + "(track_running_stats = false layers always use batch statistics)");
            }
            kern.batchNormForwardInference(p, x.buffer(), buffers(s, null, null), y.buffer());
            return Autograd.record("batch_norm_eval", y, g -> evalBackward(g, x, s, channels), x, s.weight(), s.bias());
        }
        Tensor mean = Tensor.empty(x.backend(), channels);
        Tensor invStd = Tensor.empty(x.backend(), channels);
        kern.batchNormForwardTraining(p, x.buffer(), buffers(s, mean, invStd), y.buffer());
        return Autograd.record(
                "batch_norm",
                y,
                g -> {
                    Tensor gx = Tensor.empty(x.backend(), x.shape());
                    Tensor gw = s.weight() != null ? Tensor.empty(x.backend(), channels) : null;
                    Tensor gb = s.bias() != null ? Tensor.empty(x.backend(), channels) : null;
                    kern.batchNormBackward(
                            p,
                            x.buffer(),
                            buffers(s, mean, invStd),
                            new BatchNormGrads<>(g.buffer(), gx.buffer(), buf(gw), buf(gb)));
                    return new Tensor[] {gx, gw, gb};
                },
                x,
                s.weight(),
                s.bias());
    }

    /** In eval mode BN is an affine map per channel: y = (x - mean) / std * gamma + beta, std = sqrt(var + eps). */
    private static Tensor[] evalBackward(Tensor g, Tensor x, BatchNormState s, int channels) {
        int[] perChannel = x.rank() == 3 ? new int[] {channels, 1} : new int[] {channels};
        Tensor std = s.runningVar().add(s.eps()).sqrt().reshape(perChannel);
        Tensor gOverStd = g.div(std);
        Tensor gx = s.weight() == null ? gOverStd : gOverStd.mul(s.weight().reshape(perChannel));
        Tensor gw = null;
        Tensor gb = null;
        if (s.weight() != null) {
            Tensor xhat = x.sub(s.runningMean().reshape(perChannel)).div(std);
            gw = LayoutOps.sumTo(g.mul(xhat), perChannel).reshape(channels);
        }
        if (s.bias() != null) {
            gb = LayoutOps.sumTo(g, perChannel).reshape(channels);
        }
        return new Tensor[] {gx, gw, gb};
    }

    /**
     * maxPool1d(relu(batchNorm(x))) in training mode (batch statistics, running-stat update) or evaluation mode, as
     * one op on the backend's fused kernels: equal to the three layers in sequence.
     */
    public static Tensor batchNormReluMaxPool(
            Tensor x,
            int channels,
            BatchNormState s,
            boolean training,
            int kernel,
            int stride,
            int padding,
            String layer) {
        OpSupport.requireFloat(layer, x);
        OpSupport.sameBackend(layer, x, s.runningMean(), s.runningVar(), s.weight(), s.bias());
        if (x.rank() != 3) {
            throw new IllegalArgumentException(
                    layer + ": expected input [N, " + channels + ", L], got " + Shape.str(x.shape()));
        }
        BatchNormParams bn = params(x, channels, s, layer);
        if (!training && s.runningMean() == null) {
            throw new IllegalStateException(layer + ": evaluation mode needs running statistics");
        }
        if (!training && Autograd.isGradEnabled() && anyRequiresGrad(x, s.weight(), s.bias())) {
            // Gradients in evaluation mode (rare: saliency, adversarial inputs) take the unfused path.
            return PoolOps.maxPool1d(batchNorm(x, channels, s, false, layer).relu(), kernel, stride, padding, layer);
        }
        BnReluPoolParams p = new BnReluPoolParams(bn, PoolOps.params(x, kernel, stride, padding, layer));
        MaxPool1dParams pool = p.pool();
        Kernels kern = x.backend().kernels();
        Tensor pooled = Tensor.empty(x.backend(), pool.batch(), channels, pool.outLength());
        Tensor indices = Tensor.empty(x.backend(), DType.INT32, pool.batch(), channels, pool.outLength());
        Tensor mean = training ? Tensor.empty(x.backend(), channels) : null;
        Tensor invStd = training ? Tensor.empty(x.backend(), channels) : null;
        kern.batchNormReluMaxPoolForward(p, training, fusedBuffers(x, s, mean, invStd, pooled, indices));
        if (!training) {
            return pooled;
        }
        return Autograd.record(
                "batch_norm_relu_max_pool",
                pooled,
                g -> {
                    Tensor gx = Tensor.empty(x.backend(), x.shape());
                    Tensor gw = s.weight() != null ? Tensor.empty(x.backend(), channels) : null;
                    Tensor gb = s.bias() != null ? Tensor.empty(x.backend(), channels) : null;
                    kern.batchNormReluMaxPoolBackward(
                            p,
                            fusedBuffers(x, s, mean, invStd, pooled, indices),
                            new BatchNormGrads<>(g.buffer(), gx.buffer(), buf(gw), buf(gb)));
                    return new Tensor[] {gx, gw, gb};
                },
                x,
                s.weight(),
                s.bias());
    }

    private static boolean anyRequiresGrad(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The layer's affine parameters, running statistics and saved batch statistics as kernel buffers (null where
     * there are none). Built from the tensors at each kernel call, so a backward closure holds the tensors: a buffer
     * held without its tensor would be freed by the tensor's Cleaner once the tensor is unreachable.
     */
    private static BatchNormBuffers<DeviceBuffer> buffers(BatchNormState s, Tensor saveMean, Tensor saveInvStd) {
        return BatchNormBuffers.affine(buf(s.weight()), buf(s.bias()))
                .withRunning(buf(s.runningMean()), buf(s.runningVar()))
                .withSaved(buf(saveMean), buf(saveInvStd));
    }

    /** The fused block's tensors as kernel buffers, built at each call for the same reason as {@link #buffers}. */
    private static BnReluPoolBuffers fusedBuffers(
            Tensor x, BatchNormState s, Tensor saveMean, Tensor saveInvStd, Tensor pooled, Tensor indices) {
        return new BnReluPoolBuffers(x.buffer(), buffers(s, saveMean, saveInvStd), pooled.buffer(), indices.buffer());
    }

    private static DeviceBuffer buf(Tensor t) {
        return t == null ? null : t.buffer();
    }
}
