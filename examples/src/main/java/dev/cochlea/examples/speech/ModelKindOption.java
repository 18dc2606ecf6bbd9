package dev.cochlea.examples.speech;

import picocli.CommandLine.Option;

/** --model, shared by the commands that build a new model to train (train, demo and the Spark trainer). */
public class ModelKindOption {
    @Option(
            names = "--model",
            defaultValue = "seed",
            paramLabel = "MODEL",
            description = "seed (raw-waveform CNN of the seed report) or mel (Conv1d over 64 log-mel bands); "
                    + "default: ${DEFAULT-VALUE}.")
    ModelKind kind;

    public ModelKind kind() {
        return kind;
    }
}
