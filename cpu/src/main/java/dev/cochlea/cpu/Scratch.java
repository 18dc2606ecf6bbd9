package dev.cochlea.cpu;

/**
 * Per-thread working arrays (packed panels, padded copies) that grow to the largest request and are then reused, so
 * kernels allocate nothing in steady state. Each {@link Slot} holds one kind of array and is used by one kernel stage
 * at a time.
 */
final class Scratch {

    /** What a scratch array holds; two arrays a stage needs at once are always in different slots. */
    enum Slot {
        /** {@link Gemm}: a block of A packed into micro-panels. */
        PACK_A,
        /** {@link Gemm}, {@link Conv}: a block (or an edge strip) of B packed into micro-panels. */
        PACK_B,
        /** {@link Gemm}: one micro-tile of C, for edge tiles. */
        TILE,
        /** {@link Conv}: one sample's input (or output gradient) zero-padded, or its strided im2col matrix. */
        SAMPLE,
        /** {@link Conv}: one sample's im2col matrix expanded for a packed product, or its column gradient. */
        COLUMNS,
        /** {@link Conv}: the weights flipped and transposed for the full correlation of backward-input. */
        FLIPPED_WEIGHTS,
        /** {@link Conv}: one sample's input gradient over the padded length, before the padding is cut off. */
        PADDED_GRADIENT,
        /** Packed weights: written by the calling thread before a parallel region, then only read by every worker. */
        WEIGHTS,
        /** {@link Conv}: a block of one sample's input transposed to positions x channels. */
        TRANSPOSED_INPUT,
        /** Per-worker partial sums of a weight gradient. */
        PARTIAL
    }

    private static final ThreadLocal<float[][]> ARRAYS =
            ThreadLocal.withInitial(() -> new float[Slot.values().length][]);
    private static final ThreadLocal<int[]> ROWS = ThreadLocal.withInitial(() -> new int[0]);

    private Scratch() {}

    /** A float array of at least {@code size} elements for {@code slot}; its contents are unspecified. */
    static float[] floats(Slot slot, int size) {
        float[][] arrays = ARRAYS.get();
        float[] a = arrays[slot.ordinal()];
        if (a == null || a.length < size) {
            a = new float[Math.max(size, a == null ? 0 : a.length + a.length / 2)];
            arrays[slot.ordinal()] = a;
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
