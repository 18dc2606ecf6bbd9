package dev.cochlea.distributed;

import dev.cochlea.data.Dataset;

/** The items of a dataset at given indices, in that order (torch.utils.data.Subset). */
public final class Subset<T> implements Dataset<T> {
    private final Dataset<T> dataset;
    private final int[] indices;

    public Subset(Dataset<T> dataset, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= dataset.size()) {
                throw new IndexOutOfBoundsException("index " + i + " is outside a dataset of " + dataset.size());
            }
        }
        this.dataset = dataset;
        this.indices = indices.clone();
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public T get(int index) {
        return dataset.get(indices[index]);
    }
}
