package dev.cochlea.nn;

import dev.cochlea.Autograd;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.ops.NormOps;

/**
 * torch.nn.BatchNorm1d over [N, C] or [N, C, L]: batch statistics in training (updating running_mean / running_var
 * with {@code momentum}, or a cumulative average when momentum is null), running statistics in evaluation.
 */
public class BatchNorm1d extends Module {
    private final int numFeatures;
    private final float eps;
    private final Float momentum;
    private final boolean affine;
    private final boolean trackRunningStats;
    /** Mirror of num_batches_tracked, read from the buffer once after construction or loading (-1: unknown). */
    private long batchesTracked = -1;

    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5f, 0.1f, true, true);
    }

    /** {@code momentum} null means a cumulative moving average, as in PyTorch. */
    public BatchNorm1d(int numFeatures, float eps, Float momentum, boolean affine, boolean trackRunningStats) {
        this(numFeatures, eps, momentum, affine, trackRunningStats, Backends.best());
    }

    public BatchNorm1d(
            int numFeatures, float eps, Float momentum, boolean affine, boolean trackRunningStats, Backend backend) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("BatchNorm1d: num_features must be positive, got " + numFeatures);
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        if (affine) {
            registerParameter("weight", Tensor.ones(backend, numFeatures));
            registerParameter("bias", Tensor.zeros(backend, numFeatures));
        }
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(backend, numFeatures));
            registerBuffer("running_var", Tensor.ones(backend, numFeatures));
            registerBuffer("num_batches_tracked", Tensor.ofInts(backend, new int[] {0})); // 0-d, as PyTorch
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        return NormOps.batchNorm(input, numFeatures, beginStep(), usesBatchStatistics(), toString());
    }

    /**
     * This layer, then ReLU, then {@code pool}, as one op on the backend's fused kernel (same result as the three
     * layers in sequence); used by the {@link BatchNormReluMaxPool} step of a {@link Sequential}. Input [N, C, L].
     */
    public Tensor forwardReluMaxPool(Tensor input, MaxPool1d pool) {
        String name = this + " -> ReLU() -> " + pool;
        return NormOps.batchNormReluMaxPool(
                input,
                numFeatures,
                beginStep(),
                usesBatchStatistics(),
                pool.kernelSize(),
                pool.stride(),
                pool.padding(),
                name);
    }

    /** True when this call normalises with the batch's own statistics (training, or no running statistics). */
    public boolean usesBatchStatistics() {
        return isTraining() || !trackRunningStats;
    }

    /**
     * The state for one forward call: counts the batch when training and resolves the momentum (1 / batches for the
     * cumulative average). Used by {@link #forward} and by fused blocks that include this layer.
     */
    public NormOps.BatchNormState beginStep() {
        boolean updating = isTraining() && trackRunningStats;
        float m = momentum == null ? 0f : momentum;
        if (updating) {
            Tensor counter = buffer("num_batches_tracked");
            if (batchesTracked < 0) {
                batchesTracked = (long) counter.item();
            }
            batchesTracked++;
            Autograd.noGrad(
                    () -> counter.backend().upload(new int[] {(int) batchesTracked}, 0, counter.buffer(), 0, 1));
            if (momentum == null) {
                m = 1f / batchesTracked;
            }
        }
        boolean useRunning = trackRunningStats && (updating || !isTraining());
        return new NormOps.BatchNormState(
                useRunning ? buffer("running_mean") : null,
                useRunning ? buffer("running_var") : null,
                param("weight"),
                param("bias"),
                m,
                eps);
    }

    public int numFeatures() {
        return numFeatures;
    }

    public float eps() {
        return eps;
    }

    /** Whether running statistics exist (PyTorch's track_running_stats); evaluation mode normalises with them. */
    public boolean tracksRunningStats() {
        return trackRunningStats;
    }

    /** gamma [C], or null when the layer is not affine. */
    public Tensor weight() {
        return param("weight");
    }

    /** beta [C], or null when the layer is not affine. */
    public Tensor bias() {
        return param("bias");
    }

    /** running_mean [C], or null without running statistics. */
    public Tensor runningMean() {
        return buffer("running_mean");
    }

    /** running_var [C] (unbiased, as PyTorch keeps it), or null without running statistics. */
    public Tensor runningVar() {
        return buffer("running_var");
    }

    /** The running statistics' momentum, or null for a cumulative moving average. */
    public Float momentum() {
        return momentum;
    }

    public boolean affine() {
        return affine;
    }

    @Override
    public String toString() {
        return "BatchNorm1d(" + numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine="
                + (affine ? "True" : "False") + ", track_running_stats=" + (trackRunningStats ? "True" : "False") + ")";
    }

    @Override
    protected void onStateLoaded() {
        batchesTracked = -1;
    }
}
