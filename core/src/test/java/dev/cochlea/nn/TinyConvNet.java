package dev.cochlea.nn;

/** The smallest network with every layer kind of the speech models, for tests that need a whole model quickly. */
public final class TinyConvNet {
    private TinyConvNet() {}

    /**
     * Conv1d(1, channels, 5, bias=False), BatchNorm1d, ReLU, MaxPool1d(2), Flatten and a Linear to {@code classes},
     * for inputs [N, 1, inputLength].
     */
    public static Sequential of(int channels, int inputLength, int classes) {
        int pooledLength = (inputLength - 4) / 2;
        return new Sequential(
                new Conv1d(1, channels, 5, false),
                new BatchNorm1d(channels),
                new ReLU(),
                new MaxPool1d(2),
                new Flatten(),
                new Linear(channels * pooledLength, classes));
    }
}
