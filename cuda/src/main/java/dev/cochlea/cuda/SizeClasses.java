package dev.cochlea.cuda;

/**
 * Rounds allocation sizes up to a small set of classes so freed blocks can be reused by later requests of
 * similar size: four classes per power of two (2^k, 1.25 2^k, 1.5 2^k, 1.75 2^k), so at most a quarter of a
 * block is wasted, with a floor of {@link #MIN_BYTES}.
 */
final class SizeClasses {
    /** The smallest block (cuMemAlloc aligns every block to at least 256 bytes whatever its size). */
    static final long MIN_BYTES = 256;

    private SizeClasses() {}

    static long roundUp(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative allocation size " + bytes);
        }
        if (bytes <= MIN_BYTES) {
            return MIN_BYTES;
        }
        long step = Long.highestOneBit(bytes) / 4;
        return (bytes + step - 1) / step * step;
    }
}
