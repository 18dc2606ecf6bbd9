package dev.cochlea.nn;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.ops.ConvOps;
import dev.cochlea.ops.DropoutOps;
import dev.cochlea.ops.MatrixOps;
import dev.cochlea.ops.NormOps;
import dev.cochlea.ops.PoolOps;

/** Stateless versions of the layers, as torch.nn.functional (import static for F-style calls). */
public final class Functional {
    private Functional() {}

    public static Tensor conv1d(Tensor input, Tensor weight, Tensor bias, int stride, int padding, int dilation) {
        return ConvOps.conv1d(input, weight, bias, stride, padding, dilation, "conv1d");
    }

    public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        return MatrixOps.linear(input, weight, bias, "linear");
    }

    public static Tensor relu(Tensor input) {
        return input.relu();
    }

    public static Tensor maxPool1d(Tensor input, int kernelSize, int stride, int padding) {
        return PoolOps.maxPool1d(input, kernelSize, stride, padding, "max_pool1d");
    }

    /**
     * As F.batch_norm: training uses batch statistics and updates runningMean/runningVar (when given) with
     * {@code momentum}; evaluation uses the running statistics. Any of the four tensors may be null.
     */
    public static Tensor batchNorm(
            Tensor input,
            Tensor runningMean,
            Tensor runningVar,
            Tensor weight,
            Tensor bias,
            boolean training,
            float momentum,
            float eps) {
        NormOps.BatchNormState s = new NormOps.BatchNormState(runningMean, runningVar, weight, bias, momentum, eps);
        return NormOps.batchNorm(input, input.rank() > 1 ? input.dim(1) : 0, s, training, "batch_norm");
    }

    public static Tensor dropout(Tensor input, float p, boolean training, Generator generator) {
        return training ? DropoutOps.dropout(input, p, generator) : input;
    }

    public static Tensor logSoftmax(Tensor input, int dim) {
        return input.logSoftmax(dim);
    }

    public static Tensor softmax(Tensor input, int dim) {
        return input.softmax(dim);
    }
}
