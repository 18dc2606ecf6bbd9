package dev.cochlea.examples.speech;

import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.Backend;
import dev.cochlea.nn.Sequential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A checkpoint and its labels, ready for evaluation or prediction. */
record LoadedModel(Sequential model, ModelSpec spec, List<String> labels) {
    /**
     * Rebuilds the model of {@code checkpoint}: from the run.json beside it when there is one (a checkpoint written by
     * {@code train}), else from the checkpoint's tensor names and shapes (e.g. one written by PyTorch).
     */
    static LoadedModel load(Path checkpoint, Path labelsFile, Integer inputLength, Backend backend)
            throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            throw new CliException(checkpoint + ": checkpoint not found");
        }
        List<String> labels = Labels.read(labelsFile);
        Path dir = checkpoint.toAbsolutePath().getParent();
        RunInfo info = RunInfo.readIfPresent(dir);
        ModelSpec spec = ModelSpec.fromCheckpoint(checkpoint, inputLength != null ? inputLength
                : info != null ? Integer.valueOf(info.inputLength) : null);
        if (spec.classes() != labels.size()) {
            throw new CliException(checkpoint + " has " + spec.classes() + " classes but " + labelsFile + " lists "
                    + labels.size() + " labels");
        }
        Sequential model = spec.build();
        model.to(backend);
        Checkpoints.load(model, checkpoint);
        model.eval();
        return new LoadedModel(model, spec, labels);
    }
}
