package dev.cochlea.examples.speech;

import picocli.CommandLine.Option;

/**
 * --batch-size and --threads of the data loader, shared by train, demo and evaluate; each command states its
 * defaults by the instance it declares (picocli shows a field's initial value as its default).
 */
public class LoaderOptions {
    @Option(names = "--batch-size", paramLabel = "N", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--threads",
            paramLabel = "N",
            description = "Data loader threads that decode and prepare the next batches while the model "
                    + "runs (default: ${DEFAULT-VALUE}).")
    int threads;

    /** The defaults of train and evaluate. */
    public LoaderOptions() {
        this(32, 2);
    }

    LoaderOptions(int batchSize, int threads) {
        this.batchSize = batchSize;
        this.threads = threads;
    }
}
