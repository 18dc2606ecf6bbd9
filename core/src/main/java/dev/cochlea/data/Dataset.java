package dev.cochlea.data;

/**
 * A finite, indexable collection of items, like {@code torch.utils.data.Dataset}. Implementations must allow
 * {@link #get(int)} to be called from several threads at once (the {@link DataLoader}'s prefetch threads do so);
 * reading files or computing values on demand is the intended use.
 */
public interface Dataset<T> {
    int size();

    /** The item at {@code index}, 0 &lt;= index &lt; size(). */
    T get(int index);
}
