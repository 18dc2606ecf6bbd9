package dev.cochlea.examples.speech;

import dev.cochlea.Tensor;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A checkpoint and its labels, ready for evaluation or prediction. */
record LoadedModel(Sequential model, ModelSpec spec, List<String> labels) {
    /**
     * Rebuilds the model of {@code checkpoint}: from its own metadata when {@code train} wrote it, else from the
     * run.json beside it, else from its tensor names and shapes (e.g. one written by PyTorch). The labels come from
     * the checkpoint's metadata; {@code labelsFile} is needed only for a checkpoint without them, and must agree
     * (same labels, same order) when both exist. Weights that are not finite are refused.
     */
    static LoadedModel load(Path checkpoint, Path labelsFile, Integer inputLength, Backend backend) throws IOException {
        if (!Files.isRegularFile(checkpoint)) {
            throw new CliException(checkpoint + ": checkpoint not found");
        }
        Map<String, String> metadata = Checkpoints.readMetadata(checkpoint);
        List<String> labels = labels(checkpoint, CheckpointMetadata.labels(metadata, checkpoint), labelsFile);
        ModelSpec spec = CheckpointMetadata.spec(metadata, checkpoint);
        if (spec == null || inputLength != null) {
            RunInfo info = RunInfo.readIfPresent(checkpoint.toAbsolutePath().getParent());
            spec = ModelSpec.fromCheckpoint(
                    checkpoint,
                    inputLength != null ? inputLength : info != null ? Integer.valueOf(info.inputLength) : null);
        }
        if (spec.classes() != labels.size()) {
            throw new CliException(checkpoint + " has " + spec.classes() + " classes but "
                    + (labelsFile != null ? labelsFile + " lists " : "its metadata lists ") + labels.size()
                    + " labels");
        }
        Sequential model = spec.build();
        model.to(backend);
        Checkpoints.load(model, checkpoint);
        requireFinite(model, checkpoint);
        model.eval();
        return new LoadedModel(model, spec, labels);
    }

    static List<String> labels(Path checkpoint, List<String> own, Path labelsFile) throws IOException {
        if (labelsFile == null) {
            if (own == null) {
                throw new CliException(checkpoint + " does not name its labels (it was not written by this version "
                        + "of train); pass --labels LABELS.txt");
            }
            return own;
        }
        List<String> listed = Labels.read(labelsFile);
        if (own != null && !own.equals(listed)) {
            throw new CliException(labelsFile + " lists " + abbreviate(listed) + " but " + checkpoint
                    + " was trained with " + abbreviate(own) + " (in that order); leave out --labels to use the "
                    + "checkpoint's own");
        }
        return listed;
    }

    private static String abbreviate(List<String> labels) {
        String s = labels.toString();
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** NaN or infinite weights (a diverged run) would print NaN probabilities for every file. */
    private static void requireFinite(Sequential model, Path checkpoint) {
        for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
            if (e.getValue().dtype() != DType.FLOAT32) {
                continue;
            }
            for (float v : e.getValue().toFloatArray()) {
                if (!Float.isFinite(v)) {
                    throw new CliException(checkpoint + ": tensor '" + e.getKey() + "' holds " + v
                            + "; the weights are unusable (did training diverge?)");
                }
            }
        }
    }
}
