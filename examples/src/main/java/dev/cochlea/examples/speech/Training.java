package dev.cochlea.examples.speech;

import dev.cochlea.Generator;
import dev.cochlea.audio.AddWhiteNoise;
import dev.cochlea.audio.Augmentation;
import dev.cochlea.audio.RandomGain;
import dev.cochlea.audio.RandomTimeShift;
import dev.cochlea.audio.SpectrogramMasking;
import dev.cochlea.data.ClipDataset;
import dev.cochlea.data.ClipPreparer;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.DatasetSplits;
import dev.cochlea.data.Example;
import dev.cochlea.data.ExampleTransform;
import dev.cochlea.data.LabelledClip;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.Backend;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.CosineAnnealingLR;
import dev.cochlea.optim.LrScheduler;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A whole training run: data loaders, model, Adam, the epoch loop, evaluation on the held-out split after every
 * epoch, checkpoints (last and best, with optimizer state for --resume), metrics.csv, labels.txt, run.json and the
 * charts.
 */
public final class Training {
    public static final String LAST = "last.safetensors";
    public static final String LAST_OPTIMIZER = "last.optimizer.safetensors";
    public static final String BEST = "best.safetensors";
    public static final String LABELS = "labels.txt";
    public static final String METRICS = "metrics.csv";
    public static final String CHARTS = "charts";

    /** Everything a run is configured with. */
    public record Config(DatasetSplits splits, ModelKind model, int inputLength, int epochs, int batchSize, float lr,
                         boolean cosine, long seed, int threads, boolean augment, Path out, boolean resume,
                         boolean progress) {
    }

    /** What a finished run reports. */
    public record Outcome(List<EpochMetrics> epochs, double finalEvalAccuracy, double bestEvalAccuracy, int bestEpoch,
                          Double testAccuracy, Path out) {
    }

    private final Config config;
    private final PrintStream log;

    public Training(Config config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    public Outcome run(Backend backend) throws IOException {
        DatasetSplits splits = config.splits();
        List<String> labels = splits.labels();
        if (splits.train().isEmpty()) {
            throw new CliException(splits.name() + " has no training clips");
        }
        List<LabelledClip> heldOut = splits.heldOut();
        if (heldOut.isEmpty()) {
            throw new CliException(splits.name() + " has no validation or test clips to evaluate on");
        }
        Path out = config.out();
        Files.createDirectories(out.resolve(CHARTS));
        ModelSpec spec = ModelSpec.of(config.model(), labels.size(), config.inputLength());

        // The initial weights and then the epochs' batch orders come from the seeded global generator, in the order
        // PyTorch's loop draws them (benchmarks/fsdd_pytorch.py): seed s starts from PyTorch's weights for
        // torch.manual_seed(s) and follows its batches.
        Generator.manualSeed(config.seed());
        Sequential model = spec.build();
        model.to(backend);
        Adam optimizer = new Adam(model.parameters(), config.lr());
        // Made before a resume restores the optimizer, so the schedule starts from --lr, not from a rate it had
        // reached.
        LrScheduler schedule = config.cosine() ? new CosineAnnealingLR(optimizer, config.epochs(), 0f) : null;
        RunInfo info = RunInfo.of(spec, config.seed());
        MetricsLog metrics = MetricsLog.create(out.resolve(METRICS));
        if (config.resume()) {
            info = resume(out, spec, labels, model, optimizer);
            metrics = MetricsLog.resume(out.resolve(METRICS), info.epochsDone);
        }
        Labels.write(out.resolve(LABELS), labels);
        info.write(out);

        log.printf(Locale.ROOT, "%s%n%s model, %,d parameters, backend %s, input %d samples at %d Hz%n", splits,
                spec.kind().name().toLowerCase(Locale.ROOT), model.parameterCount(), backend.name(),
                spec.inputLength(), spec.sampleRate());
        ClipPreparer preparer = new ClipPreparer(spec.sampleRate(), spec.inputLength());
        SpectrogramImage.write(out.resolve(CHARTS).resolve(Charts.SPECTROGRAM), preparer.prepare(heldOut.get(0).file()),
                spec.sampleRate(), "Spectrogram of " + heldOut.get(0).file().getFileName() + " (label "
                        + heldOut.get(0).label() + ")");

        ExampleTransform trainTransform = config.augment()
                ? augmentation(spec).andThen(spec.features()).andThen(featureMasking(spec)) : spec.features();
        EvalResult last = null;
        try (DataLoader train = loader(splits.train(), splits, preparer, trainTransform, true, backend);
             DataLoader eval = loader(heldOut, splits, preparer, spec.features(), false, backend)) {
            EpochTrainer trainer = new EpochTrainer(model, optimizer, labels.size(), config.progress());
            for (int epoch = info.epochsDone; epoch < config.epochs(); epoch++) {
                if (schedule != null) {
                    schedule.setEpoch(epoch); // also right after --resume, whatever rate the checkpoint held
                }
                EpochTrainer.Result r;
                try {
                    r = trainer.run(train, epoch, config.epochs());
                } catch (TrainingDivergedException e) {
                    String kept = info.epochsDone > 0 ? "the last good checkpoint is " + out.resolve(LAST)
                            + " (epoch " + info.epochsDone + ")" : "no checkpoint was written";
                    throw new TrainingDivergedException(e.getMessage() + "; " + kept);
                }
                last = Evaluator.evaluate(model, eval, labels.size(), 0);
                EpochMetrics m = new EpochMetrics(epoch + 1, r.loss(), r.accuracy(), last.loss(), last.accuracy(),
                        r.samplesPerSecond(), r.seconds());
                metrics.add(m);
                log.printf(Locale.ROOT, "epoch %d/%d: train loss %.4f acc %.2f%% | eval loss %.4f acc %.2f%% | "
                                + "%.0f samples/s, %.1f s%s%n", m.epoch(), config.epochs(), m.trainLoss(),
                        100 * m.trainAccuracy(), m.evalLoss(), 100 * m.evalAccuracy(), m.samplesPerSecond(),
                        m.seconds(), schedule == null ? "" : String.format(Locale.ROOT, " | lr %.2e", optimizer.lr()));
                Checkpoints.save(model, out.resolve(LAST));
                Checkpoints.saveOptimizer(optimizer, out.resolve(LAST_OPTIMIZER));
                if (last.accuracy() > info.bestEvalAccuracy) {
                    info.bestEvalAccuracy = last.accuracy();
                    info.bestEpoch = epoch + 1;
                    Checkpoints.save(model, out.resolve(BEST));
                }
                info.epochsDone = epoch + 1;
                info.write(out);
                Charts.writeCurves(out.resolve(CHARTS), metrics.rows());
                Charts.writeConfusion(out.resolve(CHARTS).resolve(Charts.CONFUSION), last.confusion(), labels,
                        "Confusion matrix, held-out clips, epoch " + (epoch + 1));
            }
            if (last == null) {
                log.printf("nothing to do: %s already holds %d epochs (ask for more with --epochs)%n", out,
                        info.epochsDone);
                last = Evaluator.evaluate(model, eval, labels.size(), 0);
            }
        }
        Double testAccuracy = null;
        if (!splits.valid().isEmpty() && !splits.test().isEmpty()) {
            Checkpoints.load(model, out.resolve(BEST));
            try (DataLoader test = loader(splits.test(), splits, preparer, spec.features(), false, backend)) {
                testAccuracy = Evaluator.evaluate(model, test, labels.size(), 0).accuracy();
            }
        }
        return new Outcome(metrics.rows(), last.accuracy(), info.bestEvalAccuracy, info.bestEpoch, testAccuracy, out);
    }

    private RunInfo resume(Path out, ModelSpec spec, List<String> labels, Sequential model, Adam optimizer)
            throws IOException {
        RunInfo info = RunInfo.readIfPresent(out);
        if (info == null || !Files.exists(out.resolve(LAST))) {
            throw new CliException("--resume: " + out + " holds no previous run (expected " + RunInfo.FILE + " and "
                    + LAST + ")");
        }
        if (!info.spec().equals(spec)) {
            throw new CliException("--resume: " + out + " was trained as " + info.spec() + ", not " + spec);
        }
        if (Files.exists(out.resolve(LABELS)) && !Labels.read(out.resolve(LABELS)).equals(labels)) {
            throw new CliException("--resume: the dataset's labels differ from " + out.resolve(LABELS));
        }
        Checkpoints.load(model, out.resolve(LAST));
        if (Files.exists(out.resolve(LAST_OPTIMIZER))) {
            Checkpoints.loadOptimizer(optimizer, out.resolve(LAST_OPTIMIZER));
        }
        log.printf("resuming %s after epoch %d%n", out, info.epochsDone);
        return info;
    }

    private DataLoader loader(List<LabelledClip> clips, DatasetSplits splits, ClipPreparer preparer,
                              ExampleTransform transform, boolean training, Backend backend) {
        return DataLoader.builder(new ClipDataset(clips, splits.labelIndex(), preparer))
                .batchSize(config.batchSize()).shuffle(training).seed(config.seed()).generator(Generator.global())
                .dropLast(false)
                .workers(config.threads()).transform(transform).backend(backend).build();
    }

    /**
     * SpecAugment for the mel model (two frequency masks of up to 8 bands, two time masks of up to 20 frames, filled
     * with the clip's mean): the network cannot lean on any one band or moment, which a new speaker shifts. The seed
     * network's input is the waveform, so nothing is masked for it.
     */
    static ExampleTransform featureMasking(ModelSpec spec) {
        if (spec.kind() != ModelKind.MEL) {
            return ExampleTransform.identity();
        }
        SpectrogramMasking frequency = new SpectrogramMasking(SpectrogramMasking.Axis.FREQUENCY, 8);
        SpectrogramMasking time = new SpectrogramMasking(SpectrogramMasking.Axis.TIME, 20);
        return (example, rng) -> {
            int bands = example.shape()[0];
            int frames = example.shape()[1];
            float[][] m = new float[bands][];
            for (int b = 0; b < bands; b++) {
                m[b] = Arrays.copyOfRange(example.data(), b * frames, (b + 1) * frames);
            }
            for (int i = 0; i < 2; i++) {
                frequency.apply(m, rng);
                time.apply(m, rng);
            }
            float[] flat = new float[bands * frames];
            for (int b = 0; b < bands; b++) {
                System.arraycopy(m[b], 0, flat, b * frames, frames);
            }
            return new Example(flat, example.shape(), example.label());
        };
    }

    /** Training-time waveform augmentation: a shift of up to 0.1 s, +-6 dB gain, white noise at 15-40 dB SNR. */
    static ExampleTransform augmentation(ModelSpec spec) {
        Augmentation wave = RandomTimeShift.ofSeconds(0.1, spec.sampleRate(), RandomTimeShift.Mode.ZERO_FILL)
                .andThen(new RandomGain(-6, 6))
                .andThen(new AddWhiteNoise(15, 40).withProbability(0.5));
        return (example, rng) -> new Example(wave.apply(example.data(), rng), example.shape(), example.label());
    }
}
