package dev.cochlea.examples.speech;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --checkpoint, shared by the commands that rebuild a model from a checkpoint. */
public class CheckpointOption {
    @Option(
            names = "--checkpoint",
            required = true,
            paramLabel = "MODEL.safetensors",
            description = "Checkpoint (from train, or PyTorch with the same state-dict names).")
    Path checkpoint;
}
