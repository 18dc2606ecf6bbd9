package dev.cochlea.distributed;

import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parameters grouped, in reverse registration order (the order backward finishes them, as PyTorch's DDP), into
 * buckets of at most a given size; each bucket's gradients are averaged over the ranks with one all-reduce of a
 * reused host array. Fewer, larger messages pay the per-message latency less often; a bound on their size leaves
 * room to overlap communication with backward in a later version.
 */
final class GradientBuckets {
    private final List<Bucket> buckets = new ArrayList<>();

    GradientBuckets(List<Tensor> parameters, long capBytes) {
        List<Tensor> current = new ArrayList<>();
        long bytes = 0;
        for (int i = parameters.size() - 1; i >= 0; i--) {
            Tensor p = parameters.get(i);
            long size = p.size() * Float.BYTES;
            if (!current.isEmpty() && bytes + size > capBytes) {
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
    }

    int count() {
        return buckets.size();
    }

    /**
     * Replaces every parameter's gradient by its mean over the ranks. A parameter without a gradient on this rank
     * counts as zero and receives the mean (as DDP's find_unused_parameters does), so all ranks stay in step.
     */
    void averageGradients(Collective collective) {
        if (collective.worldSize() == 1) {
            return; // the mean over one rank is the gradient itself
        }
        for (Bucket b : buckets) {
            b.average(collective);
        }
    }

    private static final class Bucket {
        private final List<Tensor> parameters;
        private final float[] flat;

        Bucket(List<Tensor> parameters) {
            this.parameters = List.copyOf(parameters);
            long total = 0;
            for (Tensor p : parameters) {
                total += p.size();
            }
            flat = new float[Math.toIntExact(total)];
        }

        void average(Collective collective) {
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
            collective.allReduceSum(flat);
            float world = collective.worldSize();
            for (int i = 0; i < flat.length; i++) {
                flat[i] /= world;
            }
            offset = 0;
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
