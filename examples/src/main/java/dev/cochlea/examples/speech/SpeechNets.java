package dev.cochlea.examples.speech;

import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
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

    private SpeechNets() {
    }

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
}
