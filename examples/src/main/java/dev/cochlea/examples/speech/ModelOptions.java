package dev.cochlea.examples.speech;

import dev.cochlea.kernels.Backend;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The checkpoint and its labels, shared by the commands that classify with a trained model (predict, evaluate). */
public class ModelOptions {
    @Mixin
    CheckpointOption source;

    @Mixin
    InputLengthOption inputLength;

    @Option(
            names = "--labels",
            paramLabel = "LABELS.txt",
            description = "Labels, one per line: needed only for a "
                    + "checkpoint that does not name its own (e.g. from PyTorch); must agree with one that does.")
    Path labelsFile;

    Path checkpoint() {
        return source.checkpoint;
    }

    /** The model with its weights and labels on {@code backend}. */
    LoadedModel load(Backend backend) throws IOException {
        return LoadedModel.load(source.checkpoint, labelsFile, inputLength.value(), backend);
    }
}
