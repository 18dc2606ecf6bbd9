package dev.cochlea.distributed;

import dev.cochlea.Generator;
import java.util.ArrayList;
import java.util.List;

/**
 * Which examples each rank trains on, like torch.utils.data.distributed.DistributedSampler with drop_last: every rank
 * draws the same seeded permutation for an epoch, keeps its first {@code worldSize * (n / worldSize)} entries, and
 * rank r takes positions r, r + N, r + 2N, ... So when each rank batches its share by B, step s of all ranks
 * together covers exactly positions [s N B, (s + 1) N B) of the permutation: the batch a single process with batch
 * size N B and the same permutation would take.
 *
 * <p>Epoch e's permutation is the (e + 1)-th drawn from a copy of the generator given (as {@link
 * dev.cochlea.data.DataLoader} draws them), so a single-process run seeded alike sees the same global batches.
 */
public final class DistributedSampler {
    private final int datasetSize;
    private final int rank;
    private final int worldSize;
    private final boolean shuffle;
    private final Generator source;
    private final List<int[]> permutations = new ArrayList<>();

    public DistributedSampler(int datasetSize, int rank, int worldSize, boolean shuffle, Generator generator) {
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " is outside a world of " + worldSize);
        }
        if (datasetSize < 0) {
            throw new IllegalArgumentException("dataset size must be >= 0, got " + datasetSize);
        }
        this.datasetSize = datasetSize;
        this.rank = rank;
        this.worldSize = worldSize;
        this.shuffle = shuffle;
        this.source = generator.copy();
    }

    public DistributedSampler(int datasetSize, int rank, int worldSize, long seed) {
        this(datasetSize, rank, worldSize, true, new Generator(seed));
    }

    /** Examples per rank and epoch: the dataset size divided by the world size, rounded down. */
    public int numSamples() {
        return datasetSize / worldSize;
    }

    /** This rank's dataset indices for epoch {@code epoch}, in training order. */
    public int[] indices(int epoch) {
        int[] order = order(epoch);
        int[] mine = new int[numSamples()];
        for (int k = 0; k < mine.length; k++) {
            mine[k] = order[rank + k * worldSize];
        }
        return mine;
    }

    /** The whole permutation of epoch {@code epoch}, the same on every rank. */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (!shuffle) {
            int[] identity = new int[datasetSize];
            for (int i = 0; i < datasetSize; i++) {
                identity[i] = i;
            }
            return identity;
        }
        while (permutations.size() <= epoch) {
            permutations.add(source.permutation(datasetSize));
        }
        return permutations.get(epoch).clone();
    }
}
