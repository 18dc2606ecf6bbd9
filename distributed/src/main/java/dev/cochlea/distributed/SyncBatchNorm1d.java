package dev.cochlea.distributed;

import dev.cochlea.Autograd;
import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.Sequential;
import dev.cochlea.ops.NormOps;

/**
 * torch.nn.SyncBatchNorm for [N, C] or [N, C, L] input: in training, the batch statistics are those of the union of
 * every rank's batch (all-reduced sums, then all-reduced centred squares, so the variance has no cancellation), and
 * backward all-reduces the per-channel sums of dy and dy * x̂ that the input gradient needs. N ranks with batch B each
 * then compute what one process computes with batch N B. Evaluation, and a world of one, use
 * {@link BatchNorm1d}'s own path. Same parameters, buffers and state-dict names as BatchNorm1d.
 *
 * <p>The statistics are computed on the host in double precision; this layer trades the backend's fused kernel for
 * exactness across ranks, which costs little next to the convolutions around it.
 */
public class SyncBatchNorm1d extends BatchNorm1d {
    private final Collective collective;

    public SyncBatchNorm1d(
            int numFeatures,
            float eps,
            Float momentum,
            boolean affine,
            boolean trackRunningStats,
            Backend backend,
            Collective collective) {
        super(numFeatures, eps, momentum, affine, trackRunningStats, backend);
        this.collective = collective;
    }

    /**
     * A copy of {@code model} in which every BatchNorm1d (in nested Sequentials too) is a SyncBatchNorm1d holding the
     * same values; the other layers are shared, not copied (torch.nn.SyncBatchNorm.convert_sync_batchnorm).
     */
    public static Sequential convert(Sequential model, Collective collective) {
        Sequential out = new Sequential();
        for (Module layer : model.layers()) {
            out.add(convertLayer(layer, collective));
        }
        out.train(model.isTraining());
        return out;
    }

    private static Module convertLayer(Module layer, Collective collective) {
        if (layer instanceof Sequential nested) {
            return convert(nested, collective);
        }
        if (layer.getClass() != BatchNorm1d.class) {
            return layer;
        }
        BatchNorm1d bn = (BatchNorm1d) layer;
        Backend backend = bn.stateDict().values().iterator().next().backend();
        SyncBatchNorm1d sync = new SyncBatchNorm1d(
                bn.numFeatures(), bn.eps(), bn.momentum(), bn.affine(), bn.tracksRunningStats(), backend, collective);
        sync.loadStateDict(bn.stateDict());
        sync.train(bn.isTraining());
        return sync;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!usesBatchStatistics() || collective.worldSize() == 1) {
            return super.forward(x);
        }
        int channels = numFeatures();
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(1) != channels) {
            throw new IllegalArgumentException(this + ": expected input [N, " + channels + "] or [N, " + channels
                    + ", L], got " + Shape.str(x.shape()));
        }
        NormOps.BatchNormState state = beginStep();
        Statistics stats = Statistics.of(
                x.toFloatArray(),
                x.dim(0),
                channels,
                x.rank() == 3 ? x.dim(2) : 1,
                state.eps(),
                collective,
                toString());
        float[] weight = state.weight() != null ? state.weight().toFloatArray() : null;
        float[] bias = state.bias() != null ? state.bias().toFloatArray() : null;
        Tensor y = Tensor.of(x.backend(), stats.normalise(weight, bias), x.shape());
        if (state.runningMean() != null) {
            updateRunning(state, stats);
        }
        return Autograd.record(
                "sync_batch_norm", y, g -> backward(g, stats, weight, state), x, state.weight(), state.bias());
    }

    private Tensor[] backward(Tensor gradOutput, Statistics stats, float[] weight, NormOps.BatchNormState state) {
        Backend backend = gradOutput.backend();
        Statistics.Gradients g = stats.backward(gradOutput.toFloatArray(), weight, collective);
        int[] perChannel = {numFeatures()};
        return new Tensor[] {
            Tensor.of(backend, g.input(), gradOutput.shape()),
            state.weight() != null ? Tensor.of(backend, g.weight(), perChannel) : null,
            state.bias() != null ? Tensor.of(backend, g.bias(), perChannel) : null
        };
    }

    /** running = (1 - m) running + m batch, with the unbiased variance, as BatchNorm1d. */
    private static void updateRunning(NormOps.BatchNormState state, Statistics stats) {
        float m = state.momentum();
        float[] mean = state.runningMean().toFloatArray();
        float[] var = state.runningVar().toFloatArray();
        double unbias = stats.count() / (stats.count() - 1.0);
        for (int c = 0; c < mean.length; c++) {
            mean[c] = (float) ((1 - m) * mean[c] + m * stats.mean(c));
            var[c] = (float) ((1 - m) * var[c] + m * stats.variance(c) * unbias);
        }
        Backend backend = state.runningMean().backend();
        backend.upload(mean, 0, state.runningMean().buffer(), 0, mean.length);
        backend.upload(var, 0, state.runningVar().buffer(), 0, var.length);
    }

    @Override
    public String toString() {
        return "Sync" + super.toString();
    }
}
