package dev.cochlea.distributed;

import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Parameters grouped, in reverse registration order (the order backward finishes them, as PyTorch's DDP), into
 * buckets: the first of at most {@code firstCapBytes} (PyTorch's 1 MiB, so that communication starts early in
 * backward), the others of at most {@code capBytes}. Each bucket's gradients are averaged over the ranks with one
 * all-reduce of a reused host array.
 *
 * <p>Overlap with backward: after {@link #prepareForBackward()} (a training forward), a post-accumulate-grad hook on
 * every parameter notes when its gradient is final. When all of a bucket's are, and every earlier bucket has started,
 * the training thread copies the bucket's gradients out and starts its all-reduce on the collective's communication
 * thread while backward goes on. {@link #averageGradients()} starts what is left (parameters this backward did not
 * reach, or every bucket when no forward prepared it), waits, and writes the means back. A bucket's sums are the same
 * all-reduce of the same array whenever it starts, so the results are bit-identical to reducing after backward.
 */
final class GradientBuckets {
    private final List<Bucket> buckets = new ArrayList<>();
    private final Map<Tensor, Slot> slots = new IdentityHashMap<>();
    private final Collective collective;
    private boolean armed;
    private int nextToStart;

    /** Where a parameter's gradient lives: its bucket and its place among the bucket's parameters. */
    private record Slot(Bucket bucket, int index) {}

    GradientBuckets(List<Tensor> parameters, long firstCapBytes, long capBytes, Collective collective) {
        this.collective = collective;
        List<Tensor> current = new ArrayList<>();
        long bytes = 0;
        for (int i = parameters.size() - 1; i >= 0; i--) {
            Tensor p = parameters.get(i);
            long size = p.size() * Float.BYTES;
            long cap = buckets.isEmpty() ? firstCapBytes : capBytes;
            if (!current.isEmpty() && bytes + size > cap) {
                buckets.add(new Bucket(current));
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(p);
            bytes += size;
        }
        if (!current.isEmpty()) {
            buckets.add(new Bucket(current));
        }
        if (collective.worldSize() > 1) { // the mean over one rank is the gradient itself: nothing to overlap
            for (Bucket b : buckets) {
                for (int k = 0; k < b.parameters.size(); k++) {
                    Tensor p = b.parameters.get(k);
                    slots.put(p, new Slot(b, k));
                    p.registerPostAccumulateGradHook(this::gradientReady);
                }
            }
        }
    }

    int count() {
        return buckets.size();
    }

    /**
     * Lets the next backward start buckets as their gradients become final. Buckets started by an earlier backward
     * that nobody averaged (a forward without {@link #averageGradients()} after its backward) are waited for and
     * dropped first, so that no array is overwritten while it travels.
     */
    void prepareForBackward() {
        if (collective.worldSize() == 1) {
            return;
        }
        if (nextToStart > 0) {
            for (int k = 0; k < nextToStart; k++) {
                buckets.get(k).await(collective.rank());
            }
            reset();
        }
        armed = true;
    }

    private void gradientReady(Tensor parameter) {
        if (!armed) {
            return;
        }
        Slot slot = slots.get(parameter);
        Bucket b = slot.bucket();
        if (b.started != null) {
            b.stale = true; // a second backward added to a gradient already on its way: reduce it again at the end
            return;
        }
        b.ready[slot.index()] = true;
        while (nextToStart < buckets.size() && buckets.get(nextToStart).allReady()) {
            buckets.get(nextToStart++).start(collective);
        }
    }

    /**
     * Replaces every parameter's gradient by its mean over the ranks. A parameter without a gradient on this rank
     * counts as zero and receives the mean (as DDP's find_unused_parameters does), so all ranks stay in step.
     */
    void averageGradients() {
        if (collective.worldSize() == 1) {
            return;
        }
        while (nextToStart < buckets.size()) {
            buckets.get(nextToStart++).start(collective);
        }
        for (Bucket b : buckets) {
            b.await(collective.rank());
        }
        // Every rank ran the same backwards, so every rank finds the same buckets stale, in the same order.
        for (Bucket b : buckets) {
            if (b.stale) {
                b.copyOut();
                collective.allReduceSum(b.flat);
            }
            b.copyBack(collective.worldSize());
        }
        reset();
    }

    private void reset() {
        for (Bucket b : buckets) {
            b.started = null;
            b.stale = false;
            Arrays.fill(b.ready, false);
        }
        nextToStart = 0;
        armed = false;
    }

    private static final class Bucket {
        private final List<Tensor> parameters;
        private final float[] flat;
        private final boolean[] ready;
        private CompletableFuture<Void> started;
        private boolean stale;

        Bucket(List<Tensor> parameters) {
            this.parameters = List.copyOf(parameters);
            long total = 0;
            for (Tensor p : parameters) {
                total += p.size();
            }
            flat = new float[Math.toIntExact(total)];
            ready = new boolean[parameters.size()];
        }

        boolean allReady() {
            for (boolean r : ready) {
                if (!r) {
                    return false;
                }
            }
            return true;
        }

        /** Copies the gradients out (on the training thread, which owns the backend) and starts the all-reduce. */
        void start(Collective collective) {
            copyOut();
            started = collective.allReduceSumAsync(flat, 0, flat.length);
        }

        void await(int rank) {
            if (started != null) {
                CollectiveException.await(started, rank);
            }
        }

        void copyOut() {
            int offset = 0;
            for (Tensor p : parameters) {
                int n = (int) p.size();
                if (p.grad() != null) {
                    p.backend().download(p.grad().buffer(), 0, flat, offset, n);
                } else {
                    Arrays.fill(flat, offset, offset + n, 0f);
                }
                offset += n;
            }
        }

        void copyBack(int worldSize) {
            float world = worldSize;
            for (int i = 0; i < flat.length; i++) {
                flat[i] /= world;
            }
            int offset = 0;
            for (Tensor p : parameters) {
                int n = (int) p.size();
                if (p.grad() == null) {
                    p.setGrad(MemoryScope.outside(() -> Tensor.zeros(p.backend(), p.shape())));
                }
                p.backend().upload(flat, offset, p.grad().buffer(), 0, n);
                offset += n;
            }
        }
    }
}
