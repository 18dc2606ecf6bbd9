package dev.cochlea.benchmarks;

import dev.cochlea.kernels.Conv1dParams;

/** The seed network's six convolutions: {inChannels, outChannels, kernel, outLength, inLength}. */
public final class SeedConvShapes {
    public static final int[][] SHAPES = {
        {1, 32, 100, 31901, 32000},
        {32, 64, 4, 7972, 7975},
        {64, 64, 4, 1990, 1993},
        {64, 128, 4, 494, 497},
        {128, 128, 4, 120, 123},
        {128, 256, 4, 27, 30},
    };

    private SeedConvShapes() {}

    public static Conv1dParams params(int layer, int batch) {
        int[] s = SHAPES[layer];
        return new Conv1dParams(batch, s[0], s[1], s[4], s[2], 1, 0, 1);
    }

    /** Elements of the input x [batch, inChannels, inLength]. */
    public static long inputSize(Conv1dParams p) {
        return (long) p.batch() * p.inChannels() * p.inLength();
    }

    /** Elements of the weights [outChannels, inChannels, kernelSize]. */
    public static long weightSize(Conv1dParams p) {
        return (long) p.outChannels() * p.inChannels() * p.kernelSize();
    }

    /** Elements of the output y [batch, outChannels, outLength]. */
    public static long outputSize(Conv1dParams p) {
        return (long) p.batch() * p.outChannels() * p.outLength();
    }
}
