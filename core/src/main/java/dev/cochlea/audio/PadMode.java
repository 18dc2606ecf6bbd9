package dev.cochlea.audio;

/** How a signal is extended past its ends, as {@code torch.nn.functional.pad}'s modes. */
public enum PadMode {
    /** Mirror without repeating the edge sample: {@code x[2], x[1] | x[0], x[1], ...}. */
    REFLECT,
    /** Zeros. */
    CONSTANT,
    /** Repeat the edge sample. */
    REPLICATE,
    /** Wrap around: {@code x[n-2], x[n-1] | x[0], ...}. */
    CIRCULAR;

    /** {@code x} with {@code left} and {@code right} samples added in this mode. */
    float[] pad(float[] x, int left, int right) {
        int n = x.length;
        if (this == REFLECT && (left >= n || right >= n)) {
            throw new IllegalArgumentException("reflect padding of " + Math.max(left, right)
                    + " samples needs an input longer than that, got " + n + " samples");
        }
        if ((this == REPLICATE || this == CIRCULAR) && n == 0 && left + right > 0) {
            throw new IllegalArgumentException(this + " padding needs a non-empty input");
        }
        if (this == CIRCULAR && (left > n || right > n)) {
            throw new IllegalArgumentException("circular padding of " + Math.max(left, right)
                    + " samples needs at least that many samples, got " + n);
        }
        float[] out = new float[left + n + right];
        System.arraycopy(x, 0, out, left, n);
        if (this == CONSTANT) {
            return out;
        }
        for (int i = 0; i < left; i++) {
            out[left - 1 - i] = x[source(-1 - i, n)];
        }
        for (int i = 0; i < right; i++) {
            out[left + n + i] = x[source(n + i, n)];
        }
        return out;
    }

    /** The index of {@code x} that an out-of-range index {@code i} copies. */
    private int source(int i, int n) {
        return switch (this) {
            case REFLECT -> i < 0 ? -i : 2 * (n - 1) - i;
            case REPLICATE -> i < 0 ? 0 : n - 1;
            case CIRCULAR -> Math.floorMod(i, n);
            case CONSTANT -> throw new AssertionError("constant padding copies nothing");
        };
    }
}
