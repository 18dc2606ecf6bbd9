package dev.cochlea.distributed;

import dev.cochlea.Autograd;
import dev.cochlea.Tensor;
import dev.cochlea.nn.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * torch.nn.parallel.DistributedDataParallel: wraps a replica of the model on each rank. Construction broadcasts rank
 * 0's parameters and buffers, so every replica starts equal; {@link #backward} runs the local backward and then
 * averages the gradients over the ranks in buckets, so every replica's optimizer takes the same step. With
 * {@code broadcastBuffers} (the default, as in PyTorch) rank 0's buffers — BatchNorm's running statistics — are copied
 * to all ranks before each training forward; each rank's BatchNorm still normalises with its own batch's statistics
 * unless the model uses {@link SyncBatchNorm1d}.
 *
 * <pre>{@code
 * var ddp = new DistributedDataParallel(model, collective);
 * var optimizer = new Adam(ddp.parameters(), 1e-3);
 * Tensor loss = Losses.crossEntropy(ddp.forward(batch.inputs()), batch.labels());
 * optimizer.zeroGrad();
 * ddp.backward(loss);   // loss.backward() + gradient all-reduce
 * optimizer.step();
 * }</pre>
 *
 * Move the model to its backend before wrapping it (the buckets hold its parameter tensors). The wrapped model is
 * the child "module", so the wrapper's state dict has PyTorch DDP's "module." prefix; save
 * {@link #module()} for a checkpoint that loads without it.
 *
 * <p>As in PyTorch, the all-reduce overlaps backward: a training forward (gradients enabled) prepares the buckets,
 * each bucket's all-reduce starts on the collective's communication thread as soon as backward has finished its
 * gradients (a post-accumulate-grad hook on every parameter), and {@link #synchronizeGradients()} waits for them. The
 * first bucket holds at most 1 MiB (PyTorch's first-bucket size), so communication starts early in backward.
 */
public final class DistributedDataParallel extends Module {
    /** PyTorch's default bucket_cap_mb = 25. */
    public static final long DEFAULT_BUCKET_BYTES = 25L << 20;
    /** PyTorch's first bucket (dist._DEFAULT_FIRST_BUCKET_BYTES): small, so the first all-reduce starts early. */
    public static final long FIRST_BUCKET_BYTES = 1L << 20;

    private final Module module;
    private final Collective collective;
    private final boolean broadcastBuffers;
    private final GradientBuckets buckets;
    private final StateBroadcast bufferBroadcast;

    public DistributedDataParallel(Module module, Collective collective) {
        this(module, collective, DEFAULT_BUCKET_BYTES, true);
    }

    public DistributedDataParallel(Module module, Collective collective, long bucketBytes, boolean broadcastBuffers) {
        if (bucketBytes < 1) {
            throw new IllegalArgumentException("bucket size must be positive, got " + bucketBytes);
        }
        this.module = registerModule("module", module);
        this.collective = collective;
        this.broadcastBuffers = broadcastBuffers;
        List<Tensor> state = new ArrayList<>(module.namedParameters().values());
        state.addAll(module.namedBuffers().values());
        new StateBroadcast(state).run(collective, 0);
        this.buckets = new GradientBuckets(
                module.parameters(), Math.min(FIRST_BUCKET_BYTES, bucketBytes), bucketBytes, collective);
        this.bufferBroadcast =
                new StateBroadcast(new ArrayList<>(module.namedBuffers().values()));
    }

    @Override
    public Tensor forward(Tensor input) {
        if (broadcastBuffers && isTraining()) {
            bufferBroadcast.run(collective, 0);
        }
        if (isTraining() && Autograd.isGradEnabled()) {
            buckets.prepareForBackward();
        }
        return module.forward(input);
    }

    /** Backpropagates {@code loss} and averages the gradients over the ranks. */
    public void backward(Tensor loss) {
        loss.backward();
        synchronizeGradients();
    }

    /**
     * Averages every parameter's gradient over the ranks (for loops that call {@code backward()} themselves): waits for
     * the buckets backward started and runs the rest.
     */
    public void synchronizeGradients() {
        buckets.averageGradients();
    }

    /** The wrapped model. */
    public Module module() {
        return module;
    }

    public Collective collective() {
        return collective;
    }

    /** Number of all-reduce buckets the gradients travel in. */
    public int bucketCount() {
        return buckets.count();
    }

    @Override
    public String toString() {
        return "DistributedDataParallel(rank " + collective.rank() + " of " + collective.worldSize() + ", "
                + buckets.count() + " bucket(s))";
    }
}
