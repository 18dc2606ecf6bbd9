package dev.cochlea.examples.speech;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --checkpoint and the hidden --input-length, shared by the commands that rebuild a model from a checkpoint. */
public class CheckpointOption {
    @Option(
            names = "--checkpoint",
            required = true,
            paramLabel = "MODEL.safetensors",
            description = "Checkpoint (from train, or PyTorch with the same state-dict names).")
    Path checkpoint;

    @Option(names = "--input-length", hidden = true, description = "Input samples (mel model only).")
    Integer inputLength;
}
