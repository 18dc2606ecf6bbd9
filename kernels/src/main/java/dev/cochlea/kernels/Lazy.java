package dev.cochlea.kernels;

import java.util.function.Supplier;

/**
 * A value made on first use, once, by whichever thread asks first (double-checked: later reads take no lock). How
 * every backend starts lazily: its device or its reason for having none, and its {@link Kernels}. If making the
 * value throws, nothing is kept and the next call tries again.
 */
public final class Lazy<T> implements Supplier<T> {
    private final Supplier<? extends T> make;
    private volatile T value;

    public Lazy(Supplier<? extends T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = make.get();
                    value = v;
                }
            }
        }
        return v;
    }

    /** The value if it was made, else null; never makes it. */
    public T peek() {
        return value;
    }
}
