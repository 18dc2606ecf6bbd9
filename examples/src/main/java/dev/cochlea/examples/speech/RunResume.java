package dev.cochlea.examples.speech;

import dev.cochlea.io.Checkpoints;
import dev.cochlea.io.HostArray;
import dev.cochlea.io.SafeTensors;
import dev.cochlea.nn.Module;
import dev.cochlea.optim.Optimizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Restores a run for {@code --resume}: checks that the folder holds a run of the same model and labels, and that its
 * weights, optimizer state and run.json belong to the same epoch, then loads them and applies an explicit --lr.
 */
final class RunResume {
    private final RunFolder folder;
    private final ModelSpec spec;
    private final List<String> labels;
    private final PrintStream log;
    private long[] generatorState;

    RunResume(RunFolder folder, ModelSpec spec, List<String> labels, PrintStream log) {
        this.folder = folder;
        this.spec = spec;
        this.labels = labels;
        this.log = log;
    }

    /** Loads the last epoch into {@code model} and {@code optimizer}; {@code lr}, when given, overrides the saved one. */
    RunInfo restore(Module model, Optimizer optimizer, Float lr) throws IOException {
        Path dir = folder.dir();
        Path last = folder.resolve(Training.LAST);
        RunInfo info = RunInfo.readIfPresent(dir);
        if (info == null || !Files.exists(last)) {
            throw new CliException("--resume: " + dir + " holds no previous run (expected " + RunInfo.FILE + " and "
                    + Training.LAST + ")");
        }
        if (!info.spec().equals(spec)) {
            throw new CliException("--resume: " + dir + " was trained as " + info.spec() + ", not " + spec);
        }
        Path labelsFile = folder.resolve(Training.LABELS);
        if (Files.exists(labelsFile) && !Labels.read(labelsFile).equals(labels)) {
            throw new CliException("--resume: the dataset's labels " + labels + " differ from those in " + labelsFile
                    + " " + Labels.read(labelsFile));
        }
        var metadata = Checkpoints.readMetadata(last);
        List<String> saved = CheckpointMetadata.labels(metadata, last);
        if (saved != null && !saved.equals(labels)) {
            throw new CliException("--resume: the dataset's labels " + labels + " differ from those " + last
                    + " was trained with " + saved);
        }
        requireEpoch(last, CheckpointMetadata.epoch(metadata, last), info.epochsDone);
        Checkpoints.load(model, last);
        Path optimizerFile = folder.resolve(Training.LAST_OPTIMIZER);
        if (Files.exists(optimizerFile)) {
            requireEpoch(
                    optimizerFile,
                    CheckpointMetadata.epoch(Checkpoints.readMetadata(optimizerFile), optimizerFile),
                    info.epochsDone);
            Checkpoints.loadOptimizer(optimizer, optimizerFile);
        }
        Path generatorFile = folder.resolve(Training.LAST_GENERATOR);
        if (Files.exists(generatorFile)) {
            SafeTensors.Contents c = SafeTensors.read(generatorFile);
            requireEpoch(generatorFile, CheckpointMetadata.epoch(c.metadata(), generatorFile), info.epochsDone);
            HostArray state = c.tensors().get(Training.GENERATOR_TENSOR);
            if (state == null || state.isFloat()) {
                throw new CliException("--resume: " + generatorFile + " holds no generator state");
            }
            generatorState = state.longs();
        }
        log.printf("resuming %s after epoch %d%n", dir, info.epochsDone);
        if (lr != null && lr != optimizer.lr()) {
            log.printf(
                    Locale.ROOT,
                    "--lr %.3g overrides the learning rate %.3g saved in %s%n",
                    lr,
                    optimizer.lr(),
                    optimizerFile.getFileName());
            optimizer.setLr(lr);
        }
        return info;
    }

    /** The global generator's state saved with the last epoch, or null when the folder has none (older runs). */
    long[] generatorState() {
        return generatorState;
    }

    /** A file that says which epoch it holds must hold the one run.json says (a crash cannot mix epochs). */
    private static void requireEpoch(Path file, int epoch, int epochsDone) {
        if (epoch >= 0 && epoch != epochsDone) {
            throw new CliException("--resume: " + file + " holds epoch " + epoch + " but " + RunInfo.FILE + " says "
                    + epochsDone + " epochs are done; the folder mixes two epochs");
        }
    }
}
