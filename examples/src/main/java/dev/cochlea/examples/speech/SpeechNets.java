package dev.cochlea.examples.speech;

import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;

/** Model builders for the speech example. */
public final class SpeechNets {
    /** The seed network's input: 2 s of 16 kHz mono audio. */
    public static final int SEED_INPUT_LENGTH = 32000;

    public static final int SAMPLE_RATE = 16000;

    private static final int[] SEED_CHANNELS = {1, 32, 64, 64, 128, 128, 256};

    private SpeechNets() {}

    /**
     * The six-block raw-waveform CNN of the seed report: Conv1d (kernel 100, then 4; no bias) -> BatchNorm1d -> ReLU
     * -> MaxPool1d(4), six times, then Flatten -> Linear(1536, classes), for input [N, 1, 32000]. State-dict names
     * match the equivalent torch.nn.Sequential ("0.weight", "1.running_mean", ..., "25.weight").
     */
    public static Sequential seed(int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("the seed network needs at least one class, got " + classes);
        }
        Sequential net = new Sequential();
        for (int block = 0; block < 6; block++) {
            int kernel = block == 0 ? 100 : 4;
            net.add(new Conv1d(SEED_CHANNELS[block], SEED_CHANNELS[block + 1], kernel, false))
                    .add(new BatchNorm1d(SEED_CHANNELS[block + 1]))
                    .add(new ReLU())
                    .add(new MaxPool1d(4));
        }
        return net.add(new Flatten()).add(new Linear(1536, classes));
    }

    /** The mel model's features: 64 mel bands of 25 ms windows every 10 ms at 16 kHz. */
    public static final int MEL_BANDS = 64;

    public static final int MEL_N_FFT = 400;
    public static final int MEL_HOP = 160;

    private static final int[] MEL_CHANNELS = {96, 128, 160, 192};
    private static final int[] MEL_KERNELS = {5, 5, 3, 3};

    /**
     * A small Conv1d network over log-mel features [N, nMels, frames], mel bands as channels: BatchNorm1d on the raw
     * dB values (a learned input normalisation), four blocks Conv1d (same padding, no bias) -> BatchNorm1d -> ReLU,
     * the first three followed by MaxPool1d(2), then the maximum over time (any input length, and indifferent to the
     * zero padding after short clips), Dropout(0.2) and
     * Linear(192, classes). About 0.25 M parameters and 18 M multiply-adds per 2 s clip, against the seed network's
     * 0.26 M (plus 1536 per class) and ~150 M: the mel front end does the frequency analysis the seed's first layer has to learn. State-dict
     * names match torch.nn.Sequential with AdaptiveMaxPool1d(1) + Flatten at the global pooling ("0.running_mean",
     * "1.weight", ..., "19.weight").
     */
    public static Sequential mel(int classes, int nMels) {
        if (classes < 1 || nMels < 1) {
            throw new IllegalArgumentException(
                    "the mel network needs classes >= 1 and nMels >= 1, got " + classes + " and " + nMels);
        }
        Sequential net = new Sequential().add(new BatchNorm1d(nMels));
        int in = nMels;
        for (int block = 0; block < MEL_CHANNELS.length; block++) {
            int k = MEL_KERNELS[block];
            net.add(new Conv1d(
                            in,
                            MEL_CHANNELS[block],
                            k,
                            Conv1d.options().padding(k / 2).bias(false)))
                    .add(new BatchNorm1d(MEL_CHANNELS[block]))
                    .add(new ReLU());
            if (block < MEL_CHANNELS.length - 1) {
                net.add(new MaxPool1d(2));
            }
            in = MEL_CHANNELS[block];
        }
        return net.add(new GlobalMaxPool1d()).add(new Dropout(0.2f)).add(new Linear(in, classes));
    }
}
