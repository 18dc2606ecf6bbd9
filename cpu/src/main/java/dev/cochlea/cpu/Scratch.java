package dev.cochlea.cpu;

/**
 * Per-thread working arrays (packed panels, padded copies) that grow to the largest request and are then reused, so
 * kernels allocate nothing in steady state. Each slot is used by one kernel stage at a time.
 */
final class Scratch {
    static final int PACK_A = 0;
    static final int PACK_B = 1;
    static final int TILE = 2;
    static final int SAMPLE = 3;
    static final int SAMPLE2 = 4;
    /** Packed weights: written by the calling thread before a parallel region, then only read by every worker. */
    static final int WEIGHTS = 5;
    /** Per-worker partial sums of a weight gradient. */
    static final int PARTIAL = 6;
    private static final int SLOTS = 7;

    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][]);
    private static final ThreadLocal<int[]> ROWS = ThreadLocal.withInitial(() -> new int[0]);

    private Scratch() {
    }

    /** A float array of at least {@code size} elements for {@code slot}; its contents are unspecified. */
    static float[] floats(int slot, int size) {
        float[][] arrays = ARRAYS.get();
        float[] a = arrays[slot];
        if (a == null || a.length < size) {
            a = new float[Math.max(size, a == null ? 0 : a.length + a.length / 2)];
            arrays[slot] = a;
        }
        return a;
    }

    /** An int array of at least {@code size} elements (row-offset tables); contents unspecified. */
    static int[] ints(int size) {
        int[] a = ROWS.get();
        if (a.length < size) {
            a = new int[Math.max(size, a.length + a.length / 2)];
            ROWS.set(a);
        }
        return a;
    }
}
