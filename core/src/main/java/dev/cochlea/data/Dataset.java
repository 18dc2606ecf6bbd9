package dev.cochlea.data;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * A finite, indexable collection of items, like {@code torch.utils.data.Dataset}. Implementations must allow
 * {@link #get(int)} to be called from several threads at once (the {@link DataLoader}'s prefetch threads do so);
 * reading files or computing values on demand is the intended use.
 */
public interface Dataset<T> {
    int size();

    /** The item at {@code index}, 0 &lt;= index &lt; size(). */
    T get(int index);

    /** {@code size} items computed on demand by {@code item} (which must be safe to call from several threads). */
    static <T> Dataset<T> of(int size, IntFunction<T> item) {
        if (size < 0) {
            throw new IllegalArgumentException("dataset size must be >= 0, got " + size);
        }
        Objects.requireNonNull(item, "item");
        return new Dataset<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public T get(int index) {
                return item.apply(index);
            }
        };
    }
}
