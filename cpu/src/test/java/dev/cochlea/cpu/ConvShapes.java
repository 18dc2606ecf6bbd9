package dev.cochlea.cpu;

import dev.cochlea.kernels.Conv1dParams;
import java.util.ArrayList;
import java.util.List;

/** The element counts of a convolution's operands, and the seed network's six convolutions, for this module's tests. */
final class ConvShapes {
    /** {inChannels, outChannels, inLength, kernelSize} of the seed network's layers (stride 1, no padding). */
    private static final int[][] SEED = {
        {1, 32, 32000, 100}, {32, 64, 7975, 4}, {64, 64, 1993, 4},
        {64, 128, 497, 4}, {128, 128, 123, 4}, {128, 256, 30, 4}
    };

    private ConvShapes() {}

    /** The seed network's convolutions, in order, at {@code batch}. */
    static List<Conv1dParams> seed(int batch) {
        List<Conv1dParams> layers = new ArrayList<>();
        for (int[] l : SEED) {
            layers.add(new Conv1dParams(batch, l[0], l[1], l[2], l[3], 1, 0, 1));
        }
        return layers;
    }

    /** Elements of the input x [batch, inChannels, inLength]. */
    static int input(Conv1dParams p) {
        return Math.toIntExact((long) p.batch() * p.inChannels() * p.inLength());
    }

    /** Elements of the weights [outChannels, inChannels, kernelSize]. */
    static int weight(Conv1dParams p) {
        return Math.toIntExact((long) p.outChannels() * p.inChannels() * p.kernelSize());
    }

    /** Elements of the output y [batch, outChannels, outLength]. */
    static int output(Conv1dParams p) {
        return Math.toIntExact((long) p.batch() * p.outChannels() * p.outLength());
    }
}
