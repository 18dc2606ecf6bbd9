package dev.cochlea.data;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * The {@link DataLoader}'s batch-sized host arrays, taken by whichever thread assembles a batch and given back once
 * the batch's tensor has been created from it (a backend's upload copies the array before it returns), so that an
 * epoch allocates a handful of them instead of one per batch. At most {@code capacity} wait here; an array of another
 * length (an epoch's short last batch) is left to the garbage collector when it is next taken.
 */
final class HostArrays {
    private final ArrayBlockingQueue<float[]> free;

    HostArrays(int capacity) {
        free = new ArrayBlockingQueue<>(capacity);
    }

    /** An array of exactly {@code length} floats with unspecified contents: a given-back one, or a new one. */
    float[] take(int length) {
        float[] array = free.poll();
        return array != null && array.length == length ? array : new float[length];
    }

    /** Makes {@code array} available to later {@link #take}s; the caller must not use it afterwards. */
    void give(float[] array) {
        free.offer(array);
    }
}
