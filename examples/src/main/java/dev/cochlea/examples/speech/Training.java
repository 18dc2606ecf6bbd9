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
import dev.cochlea.io.HostArray;
import dev.cochlea.io.SafeTensors;
import dev.cochlea.kernels.Backend;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.CosineAnnealingLR;
import dev.cochlea.optim.LrScheduler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A whole training run, in steps: check every clip, open the run folder, build (or resume) model and optimizer,
 * train epoch by epoch with an evaluation on the held-out split after each, committing each epoch's files as one set
 * (see {@link RunFolder}), and finally test the best checkpoint.
 */
public final class Training {
    public static final String LAST = "last.safetensors";
    public static final String LAST_OPTIMIZER = "last.optimizer.safetensors";
    /** The global generator's state after the last epoch (dropout's draws), so --resume continues them. */
    public static final String LAST_GENERATOR = "last.generator.safetensors";

    public static final String BEST = "best.safetensors";
    public static final String LABELS = "labels.txt";
    public static final String METRICS = "metrics.csv";
    public static final String CHARTS = "charts";
    /** Everything a run writes to its folder; --overwrite deletes exactly these. */
    static final Set<String> RUN_FILES = Set.of(
            LAST, LAST_OPTIMIZER, LAST_GENERATOR, BEST, LABELS, METRICS, RunInfo.FILE, CHARTS, RunFolder.JOURNAL);

    static final float DEFAULT_LR = 1e-3f;
    static final String GENERATOR_TENSOR = "mt19937";

    /** How long and how fast to train; {@code lr} null means the default (or, on --resume, the saved rate). */
    public record Schedule(int epochs, int batchSize, Float lr, boolean cosine) {
        float baseLr() {
            return lr != null ? lr : DEFAULT_LR;
        }
    }

    /** The rest of a run's settings. */
    public record Options(long seed, boolean augment, boolean skipBad, int threads, boolean progress) {}

    /** Everything a run is configured with. */
    public record Config(
            DatasetSplits splits,
            ModelKind model,
            int inputLength,
            Schedule schedule,
            Options options,
            Path out,
            RunFolder.Mode mode) {}

    /** What a finished run reports. */
    public record Outcome(
            List<EpochMetrics> epochs,
            double finalEvalAccuracy,
            double bestEvalAccuracy,
            int bestEpoch,
            Double testAccuracy,
            Path out) {}

    /** The clips a run uses, after the check (and --skip-bad). */
    private record Clips(
            List<LabelledClip> train,
            List<LabelledClip> heldOut,
            List<LabelledClip> test,
            List<ClipCheck.Problem> skipped) {}

    /** A run's model, optimizer and bookkeeping once built or resumed. */
    private record Session(
            ModelSpec spec,
            List<String> labels,
            Sequential model,
            Adam optimizer,
            LrScheduler schedule,
            RunInfo info,
            MetricsLog metrics,
            RunFolder folder,
            long[] generatorState) {}

    private final Config config;
    private final PrintStream log;

    public Training(Config config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    public Outcome run(Backend backend) throws IOException {
        ModelSpec spec = ModelSpec.of(config.model(), config.splits().labels().size(), config.inputLength());
        ClipPreparer preparer = new ClipPreparer(spec.sampleRate(), spec.inputLength());
        Clips clips = checkClips(preparer);
        RunFolder folder = RunFolder.open(config.out(), config.mode(), RUN_FILES);
        Session session = start(spec, folder, backend, clips);
        EvalResult last = trainEpochs(session, clips, preparer, backend);
        Double testAccuracy = testBest(session, clips, preparer, backend);
        RunInfo info = session.info();
        return new Outcome(
                session.metrics().rows(),
                last.accuracy(),
                info.bestEvalAccuracy,
                info.bestEpoch,
                testAccuracy,
                folder.dir());
    }

    /** Reads every clip once; refuses the run naming every bad file, or with --skip-bad leaves them out. */
    private Clips checkClips(ClipPreparer preparer) throws IOException {
        DatasetSplits splits = config.splits();
        if (splits.train().isEmpty()) {
            throw new CliException(splits.name() + " has no training clips");
        }
        if (splits.heldOut().isEmpty()) {
            throw new CliException(splits.name() + " has no validation or test clips to evaluate on");
        }
        List<LabelledClip> all = new ArrayList<>(splits.train());
        all.addAll(splits.valid());
        all.addAll(splits.test());
        List<ClipCheck.Problem> problems;
        try {
            problems = ClipCheck.leaveOut(
                    all, preparer, config.options().threads(), config.options().skipBad(), "train", log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while checking the clips", e);
        }
        if (problems.isEmpty()) {
            return new Clips(splits.train(), splits.heldOut(), splits.test(), List.of());
        }
        Clips kept = new Clips(
                ClipCheck.without(splits.train(), problems),
                ClipCheck.without(splits.heldOut(), problems),
                ClipCheck.without(splits.test(), problems),
                problems);
        if (kept.train().isEmpty() || kept.heldOut().isEmpty()) {
            throw new CliException(
                    "--skip-bad leaves no " + (kept.train().isEmpty() ? "training" : "held-out") + " clips");
        }
        return kept;
    }

    /** Builds model and optimizer from the seed, or from the folder's last consistent epoch under --resume. */
    private Session start(ModelSpec spec, RunFolder folder, Backend backend, Clips clips) throws IOException {
        List<String> labels = config.splits().labels();
        // The initial weights and then the epochs' batch orders come from the seeded global generator, in the order
        // PyTorch's loop draws them (benchmarks/fsdd_pytorch.py): seed s starts from PyTorch's weights for
        // torch.manual_seed(s) and follows its batches.
        Generator.manualSeed(config.options().seed());
        Sequential model = spec.build();
        model.to(backend);
        Adam optimizer = new Adam(model.parameters(), config.schedule().baseLr());
        // Made before a resume restores the optimizer, so the schedule starts from --lr, not from a rate it had
        // reached.
        LrScheduler schedule = config.schedule().cosine()
                ? new CosineAnnealingLR(optimizer, config.schedule().epochs(), 0f)
                : null;
        RunInfo info;
        MetricsLog metrics;
        long[] generatorState = null;
        if (config.mode() == RunFolder.Mode.RESUME) {
            RunResume resume = new RunResume(folder, spec, labels, log);
            info = resume.restore(model, optimizer, config.schedule().lr());
            generatorState = resume.generatorState();
            metrics = MetricsLog.resume(folder.resolve(METRICS), info.epochsDone);
        } else {
            info = RunInfo.of(spec, config.options().seed());
            metrics = MetricsLog.create(folder.resolve(METRICS));
        }
        info.skippedClips = clips.skipped().size();
        info.skippedFiles = clips.skipped().stream()
                .limit(ClipCheck.SHOWN)
                .map(p -> p.file().toString())
                .toList();
        log.printf(
                Locale.ROOT,
                "%s%n%s model, %,d parameters, backend %s, input %d samples at %d Hz%n",
                config.splits(),
                spec.kind().name().toLowerCase(Locale.ROOT),
                model.parameterCount(),
                backend.name(),
                spec.inputLength(),
                spec.sampleRate());
        return new Session(spec, labels, model, optimizer, schedule, info, metrics, folder, generatorState);
    }

    /** The epoch loop; returns the last evaluation. */
    private EvalResult trainEpochs(Session s, Clips clips, ClipPreparer preparer, Backend backend) throws IOException {
        LabelledClip sample = clips.heldOut().get(0);
        Path charts = s.folder().resolve(CHARTS);
        SpectrogramImage.write(
                charts.resolve(Charts.SPECTROGRAM),
                preparer.prepare(sample.file()),
                s.spec().sampleRate(),
                "Spectrogram of " + sample.file().getFileName() + " (label " + sample.label() + ")");
        ExampleTransform trainTransform = config.options().augment()
                ? augmentation(s.spec()).andThen(s.spec().features()).andThen(featureMasking(s.spec()))
                : s.spec().features();
        int classes = s.labels().size();
        EvalResult last = null;
        try (DataLoader train = loader(clips.train(), preparer, trainTransform, true, backend);
                DataLoader eval = loader(clips.heldOut(), preparer, s.spec().features(), false, backend)) {
            if (s.generatorState() != null) {
                // After the loaders copied the post-initialisation state for their batch orders: dropout continues.
                Generator.global().setState(s.generatorState());
            }
            EpochTrainer trainer = new EpochTrainer(
                    s.model(), s.optimizer(), classes, config.options().progress());
            for (int epoch = s.info().epochsDone; epoch < config.schedule().epochs(); epoch++) {
                last = trainEpoch(s, trainer, train, eval, epoch);
                commitEpoch(s, epoch, last);
                Charts.writeCurves(charts, s.metrics().rows());
                Charts.writeConfusion(
                        charts.resolve(Charts.CONFUSION),
                        last.confusion(),
                        s.labels(),
                        "Confusion matrix, held-out clips, epoch " + (epoch + 1));
            }
            if (last == null) {
                log.printf(
                        "nothing to do: %s already holds %d epochs (ask for more with --epochs)%n",
                        s.folder().dir(), s.info().epochsDone);
                last = Evaluator.evaluate(s.model(), eval, classes, 0);
            }
        }
        return last;
    }

    /** One epoch of training and its evaluation; stops the run, keeping the last commit, when training diverged. */
    private EvalResult trainEpoch(Session s, EpochTrainer trainer, DataLoader train, DataLoader eval, int epoch) {
        if (s.schedule() != null) {
            s.schedule().setEpoch(epoch); // also right after --resume, whatever rate the checkpoint held
        }
        EpochTrainer.Result r;
        EvalResult result;
        try {
            r = trainer.run(train, epoch, config.schedule().epochs());
            result = Evaluator.evaluate(s.model(), eval, s.labels().size(), 0);
            if (!Double.isFinite(result.loss())) {
                throw new TrainingDivergedException(String.format(
                        Locale.ROOT,
                        "the held-out loss is %s after "
                                + "epoch %d; the weights are no longer finite (try a lower --lr)",
                        result.loss(),
                        epoch + 1));
            }
        } catch (TrainingDivergedException e) {
            String kept = s.info().epochsDone > 0
                    ? "the last good checkpoint is " + s.folder().resolve(LAST) + " (epoch " + s.info().epochsDone + ")"
                    : "no checkpoint was written";
            throw new TrainingDivergedException(e.getMessage() + "; " + kept);
        }
        EpochMetrics m = new EpochMetrics(
                epoch + 1, r.loss(), r.accuracy(), result.loss(), result.accuracy(), r.samplesPerSecond(), r.seconds());
        s.metrics().add(m);
        log.printf(
                Locale.ROOT,
                "epoch %d/%d: train loss %.4f acc %.2f%% | eval loss %.4f acc %.2f%% | " + "%.0f samples/s, %.1f s%s%n",
                m.epoch(),
                config.schedule().epochs(),
                m.trainLoss(),
                100 * m.trainAccuracy(),
                m.evalLoss(),
                100 * m.evalAccuracy(),
                m.samplesPerSecond(),
                m.seconds(),
                s.schedule() == null
                        ? ""
                        : String.format(Locale.ROOT, " | lr %.2e", s.optimizer().lr()));
        return result;
    }

    /** Writes the epoch's weights, optimizer state, best weights, metrics, labels and run.json as one set. */
    private void commitEpoch(Session s, int epoch, EvalResult result) throws IOException {
        RunInfo info = s.info();
        Map<String, String> metadata = CheckpointMetadata.of(s.spec(), s.labels(), epoch + 1);
        Map<String, RunFolder.FileWriter> set = RunFolder.newSet();
        set.put(LAST, f -> Checkpoints.save(s.model(), f, metadata));
        set.put(
                LAST_OPTIMIZER,
                f -> Checkpoints.saveOptimizer(
                        s.optimizer(), f, Map.of(CheckpointMetadata.EPOCH, Integer.toString(epoch + 1))));
        long[] generator = Generator.global().getState();
        set.put(
                LAST_GENERATOR,
                f -> SafeTensors.write(
                        f,
                        Map.of(GENERATOR_TENSOR, HostArray.ofLongs(generator, generator.length)),
                        Map.of(CheckpointMetadata.EPOCH, Integer.toString(epoch + 1))));
        if (result.accuracy() > info.bestEvalAccuracy) {
            info.bestEvalAccuracy = result.accuracy();
            info.bestEpoch = epoch + 1;
            set.put(BEST, f -> Checkpoints.save(s.model(), f, metadata));
        }
        info.epochsDone = epoch + 1;
        set.put(METRICS, s.metrics()::writeTo);
        set.put(LABELS, f -> Labels.write(f, s.labels()));
        set.put(RunInfo.FILE, info::writeTo);
        s.folder().commit(epoch + 1, set);
    }

    /** The test accuracy of the best checkpoint, when the dataset has both a validation and a test split. */
    private Double testBest(Session s, Clips clips, ClipPreparer preparer, Backend backend) throws IOException {
        if (config.splits().valid().isEmpty() || clips.test().isEmpty()) {
            return null;
        }
        Checkpoints.load(s.model(), s.folder().resolve(BEST));
        try (DataLoader test = loader(clips.test(), preparer, s.spec().features(), false, backend)) {
            return Evaluator.evaluate(s.model(), test, s.labels().size(), 0).accuracy();
        }
    }

    private DataLoader loader(
            List<LabelledClip> clips,
            ClipPreparer preparer,
            ExampleTransform transform,
            boolean training,
            Backend backend) {
        return DataLoader.builder(new ClipDataset(clips, config.splits().labelIndex(), preparer))
                .batchSize(config.schedule().batchSize())
                .shuffle(training)
                .seed(config.options().seed())
                .generator(Generator.global())
                .dropLast(false)
                .workers(config.options().threads())
                .transform(transform)
                .backend(backend)
                .build();
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
