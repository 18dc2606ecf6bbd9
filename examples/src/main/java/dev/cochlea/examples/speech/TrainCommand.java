package dev.cochlea.examples.speech;

import dev.cochlea.kernels.Backend;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train}: trains a model on a dataset and writes checkpoints, metrics and charts. */
@Command(
        name = "train",
        description = "Train a model; writes checkpoints, labels.txt, metrics.csv and charts to --out.")
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    ModelKindOption model;

    @Mixin
    ScheduleOptions schedule;

    @Mixin
    LoaderOptions loaderOptions;

    @Option(
            names = "--lr",
            paramLabel = "RATE",
            description = "Adam learning rate (default: 1e-3; with --resume "
                    + "the saved rate, which an explicit --lr overrides).")
    Float lr;

    @Option(
            names = "--out",
            defaultValue = "runs/speech",
            paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}); must be empty unless --resume or --overwrite.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last complete epoch.")
    boolean resume;

    @Option(
            names = "--overwrite",
            description = "Replace the run in --out (its checkpoints, metrics, charts, "
                    + "labels.txt and run.json; other files stay).")
    boolean overwrite;

    @Option(
            names = "--skip-bad",
            description = "Leave out clips that cannot be read (they are listed, and counted "
                    + "in run.json) instead of refusing to start.")
    boolean skipBad;

    @Option(
            names = "--augment",
            description = "Augment training clips (time shift, gain, noise; for mel also " + "SpecAugment masking).")
    boolean augment;

    @Option(names = "--no-progress", description = "No progress bar (for logs).")
    boolean noProgress;

    @Mixin
    InputLengthOption inputLength;

    @Mixin
    BackendOption backendOption;

    @Override
    public Integer call() throws Exception {
        if (schedule.epochs < 1
                || loaderOptions.batchSize < 1
                || loaderOptions.threads < 0
                || (lr != null && !(lr > 0 && lr < Float.POSITIVE_INFINITY))) {
            throw new CliException("--epochs and --batch-size must be >= 1, --threads >= 0 and --lr > 0");
        }
        if (resume && overwrite) {
            throw new CliException("--resume and --overwrite exclude each other");
        }
        Backend backend = backendOption.apply();
        RunFolder.Mode mode =
                resume ? RunFolder.Mode.RESUME : overwrite ? RunFolder.Mode.OVERWRITE : RunFolder.Mode.NEW;
        Training.Config config = new Training.Config(
                data.read(),
                model.kind(),
                inputLength.orSeedLength(),
                new Training.Schedule(schedule.epochs, loaderOptions.batchSize, lr, schedule.cosine),
                new Training.Options(schedule.seed, augment, skipBad, loaderOptions.threads, !noProgress),
                out,
                mode);
        Training.Outcome outcome = new Training(config, System.out).run(backend);
        report(outcome);
        return 0;
    }

    static void report(Training.Outcome outcome) {
        var rows = outcome.epochs();
        double lastThree = rows.subList(Math.max(0, rows.size() - 3), rows.size()).stream()
                .mapToDouble(EpochMetrics::evalAccuracy)
                .average()
                .orElse(outcome.finalEvalAccuracy());
        System.out.printf(
                Locale.ROOT,
                "held-out accuracy: %.2f%% (final epoch), %.2f%% (mean of the last %d), " + "best %.2f%% at epoch %d%n",
                100 * outcome.finalEvalAccuracy(),
                100 * lastThree,
                Math.min(3, rows.size()),
                100 * outcome.bestEvalAccuracy(),
                outcome.bestEpoch());
        if (outcome.testAccuracy() != null) {
            System.out.printf(
                    Locale.ROOT, "test accuracy of the best checkpoint: %.2f%%%n", 100 * outcome.testAccuracy());
        }
        Path out = outcome.out();
        System.out.println("checkpoints: " + out.resolve(Training.BEST) + ", " + out.resolve(Training.LAST));
        System.out.println("metrics: " + out.resolve(Training.METRICS));
        System.out.println(
                "charts: " + out.resolve(Training.CHARTS) + " (" + Charts.TRAIN_ACCURACY + ", " + Charts.EVAL_ACCURACY
                        + ", " + Charts.LOSS + ", " + Charts.CONFUSION + ", " + Charts.SPECTROGRAM + ")");
    }
}
