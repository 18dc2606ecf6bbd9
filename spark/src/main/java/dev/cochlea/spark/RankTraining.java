package dev.cochlea.spark;

import dev.cochlea.Autograd;
import dev.cochlea.Generator;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.data.Batch;
import dev.cochlea.data.ClipDataset;
import dev.cochlea.data.ClipPreparer;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.DatasetSplits;
import dev.cochlea.distributed.Collective;
import dev.cochlea.distributed.DistributedDataParallel;
import dev.cochlea.distributed.DistributedSampler;
import dev.cochlea.distributed.SyncBatchNorm1d;
import dev.cochlea.examples.speech.CheckpointMetadata;
import dev.cochlea.examples.speech.EpochMetrics;
import dev.cochlea.examples.speech.ModelSpec;
import dev.cochlea.examples.speech.Training;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.CosineAnnealingLR;
import dev.cochlea.optim.LrScheduler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * One rank's training run, as the speech example's {@code train} with Adam, but data-parallel: the model is wrapped in
 * {@link DistributedDataParallel} (optionally with {@link SyncBatchNorm1d}), each rank reads its
 * {@link DistributedSampler} share, and evaluation is split over the ranks and all-reduced. Rank 0 writes checkpoints
 * every {@code checkpointEvery} steps and at each epoch's end; a re-run gang resumes from the newest one, which rank 0
 * chooses and broadcasts so that all ranks load the same.
 */
final class RankTraining {
    private static final int WARMUP_STEPS = 2;
    private static final int LOG_EVERY = 10;

    private final TrainOptions o;
    private final GangMember member;
    private final Collective collective;
    private final Backend backend;
    private final Path scratch;
    private final SharedStorage storage;
    private final RunOutputs outputs;
    private final CheckpointStore checkpoints;

    private DatasetSplits splits;
    private ModelSpec spec;
    private ClipDataset trainData;
    private ClipDataset evalData;
    private Sequential model;
    private DistributedDataParallel ddp;
    private Adam optimizer;
    private LrScheduler schedule;
    private DistributedSampler sampler;
    private TrainingProgress progress;
    private long startStep;
    private int stepsThisAttempt;
    private int measuredSteps;
    private StepPhases measured = StepPhases.NONE;
    private final ThreadAllocation allocation = new ThreadAllocation();
    private long loadBytes;
    private long stepBytes;
    private long collections;
    private long collectionMillis;
    private double lastEvalAccuracy = Double.NaN;

    RankTraining(TrainOptions options, GangMember member, Backend backend, Path scratch) {
        this.o = options;
        this.member = member;
        this.collective = member.collective();
        this.backend = backend;
        this.scratch = scratch;
        this.storage = new SharedStorage(options.hadoopSettings());
        this.outputs = new RunOutputs(storage, options.out(), scratch);
        this.checkpoints = new CheckpointStore(storage, SharedStorage.resolve(options.out(), "checkpoints"), scratch);
    }

    RankReport run() throws IOException {
        Backends.setDefault(backend); // layers are created on the default backend
        readData();
        buildModel();
        resume();
        boolean stopped = false;
        for (int epoch = progress.epoch(); epoch < o.epochs() && !stopped; epoch++) {
            if (schedule != null) {
                schedule.setEpoch(epoch);
            }
            long start = System.nanoTime();
            double allReduceBefore = measured.allReduce();
            float[] train = trainEpoch(epoch);
            stopped = train[3] > 0;
            float[] eval = evaluate();
            double seconds = (System.nanoTime() - start) / 1e9;
            lastEvalAccuracy = eval[1] / eval[2];
            boolean complete = !stopped || progress.stepInEpoch() == 0;
            if (complete) {
                boolean best = lastEvalAccuracy > progress.bestEvalAccuracy();
                progress = new TrainingProgress(
                        epoch + 1,
                        0,
                        progress.globalStep(),
                        best ? lastEvalAccuracy : progress.bestEvalAccuracy(),
                        best ? epoch + 1 : progress.bestEpoch());
                if (member.rank() == 0) {
                    writeEpochOutputs(epoch, train, eval, seconds, measured.allReduce() - allReduceBefore, best);
                }
            } else if (member.rank() == 0) {
                // Stopped by --max-steps inside an epoch: keep what was trained, loadable by evaluate and predict.
                checkpoints.save(model, optimizer, progress);
                outputs.writeModel(Training.LAST, model, CheckpointMetadata.of(spec, splits.labels(), epoch));
                outputs.writeRunInfo(spec, o.seed(), epoch, progress.bestEvalAccuracy(), progress.bestEpoch());
            }
            log(
                    "epoch %d: train loss %.4f acc %.2f%% | eval loss %.4f acc %.2f%% | %.1f s",
                    epoch + 1,
                    train[0] / train[2],
                    100 * train[1] / train[2],
                    eval[0] / eval[2],
                    100 * lastEvalAccuracy,
                    seconds);
        }
        return new RankReport(
                member.rank(),
                member.attempt(),
                startStep,
                stepsThisAttempt,
                measuredSteps,
                measured.total(),
                measured.allReduce(),
                samplesPerSecond(),
                lastEvalAccuracy,
                measured,
                allocation.counts() ? loadBytes : -1,
                allocation.counts() ? stepBytes : -1,
                collections,
                collectionMillis);
    }

    private void readData() throws IOException {
        Path root = storage.localDirectory(o.data(), Path.of(System.getProperty("java.io.tmpdir"), "cochlea-data"));
        splits = o.layout().read(root);
        if (splits.train().isEmpty() || splits.heldOut().isEmpty()) {
            throw new IllegalArgumentException(
                    o.data() + ": " + splits.name() + " needs training clips and validation or test clips");
        }
        spec = ModelSpec.of(o.model(), splits.labels().size(), o.inputLength());
        ClipPreparer preparer = new ClipPreparer(spec.sampleRate(), spec.inputLength());
        trainData = new ClipDataset(splits.train(), splits.labelIndex(), preparer);
        evalData = new ClipDataset(splits.heldOut(), splits.labelIndex(), preparer);
    }

    private void buildModel() {
        // As the single-process trainer: weights from the seeded global generator, then the epochs' permutations.
        Generator.manualSeed(o.seed());
        Sequential built = spec.build();
        built.to(backend);
        sampler = new DistributedSampler(trainData.size(), member.rank(), member.worldSize(), true, Generator.global());
        model = o.syncBatchNorm() ? SyncBatchNorm1d.convert(built, collective) : built;
        ddp = new DistributedDataParallel(model, collective);
        optimizer = new Adam(ddp.parameters(), o.lr());
        schedule = o.cosine() ? new CosineAnnealingLR(optimizer, o.epochs(), 0f) : null;
    }

    /** Rank 0 picks the newest checkpoint and broadcasts its step, so every rank loads the same one. */
    private void resume() throws IOException {
        long newest = member.rank() == 0 ? checkpoints.latestStep().orElse(-1L) : 0;
        byte[] message = ByteBuffer.allocate(8).putLong(newest).array();
        collective.broadcast(message, 0);
        long latest = ByteBuffer.wrap(message).getLong();
        progress = latest < 0 ? TrainingProgress.start() : checkpoints.load(latest, model, optimizer);
        startStep = progress.globalStep();
        if (latest >= 0) {
            log(
                    "attempt %d resumes from checkpoint step %d (epoch %d, step %d)",
                    member.attempt(), latest, progress.epoch() + 1, progress.stepInEpoch());
        }
        if (member.rank() == 0) {
            outputs.resumeMetrics(progress.epoch());
            outputs.writeLabels(splits.labels());
        }
    }

    /** Returns the epoch's {loss sum, correct, samples, stopped early} over all ranks. */
    private float[] trainEpoch(int epoch) throws IOException {
        int[] mine = sampler.indices(epoch);
        int stepsPerEpoch = (mine.length + o.batchSize() - 1) / o.batchSize();
        int first = progress.stepInEpoch() * o.batchSize();
        float[] sums = new float[4];
        ddp.train();
        try (DataLoader loader = DataLoader.builder(trainData.subset(Arrays.copyOfRange(mine, first, mine.length)))
                .batchSize(o.batchSize())
                .shuffle(false)
                .dropLast(false)
                .seed(o.seed())
                .workers(o.loaderThreads())
                .transform(spec.features())
                .backend(backend)
                .build()) {
            Iterator<Batch> batches = loader.epoch(epoch).iterator();
            while (batches.hasNext()) {
                trainStep(batches, sums);
                if (member.rank() == 0 && (progress.stepInEpoch() + 1) % LOG_EVERY == 0) {
                    log(
                            "epoch %d step %d/%d: loss %.4f, %.1f samples/s over all ranks",
                            epoch + 1,
                            progress.stepInEpoch() + 1,
                            stepsPerEpoch,
                            sums[0] / sums[2],
                            samplesPerSecond());
                }
                progress = new TrainingProgress(
                        epoch,
                        progress.stepInEpoch() + 1,
                        progress.globalStep() + 1,
                        progress.bestEvalAccuracy(),
                        progress.bestEpoch());
                boolean epochEnds = progress.stepInEpoch() == stepsPerEpoch;
                if (o.maxSteps() > 0 && progress.globalStep() >= o.maxSteps()) {
                    sums[3] = 1;
                    if (epochEnds) {
                        progress = new TrainingProgress(
                                epoch, 0, progress.globalStep(), progress.bestEvalAccuracy(), progress.bestEpoch());
                    }
                    break;
                }
                if (o.checkpointEvery() > 0
                        && progress.globalStep() % o.checkpointEvery() == 0
                        && !epochEnds
                        && member.rank() == 0) {
                    checkpoints.save(model, optimizer, progress);
                }
            }
        }
        float stopped = sums[3];
        collective.allReduceSum(sums, 0, 3);
        sums[3] = stopped;
        return sums;
    }

    /**
     * Reads the next batch and trains on it. The step's time includes reading its batch: with no loader threads (the
     * default) that work runs on this thread, inside the cores Spark gave the task, and counts against its throughput.
     * The step's scope is open before the batch is read, so the batch's tensors go back to the backend's buffer pool
     * with the step's own when it closes, and the next batch reuses them.
     */
    private void trainStep(Iterator<Batch> batches, float[] sums) {
        long collectionsBefore = allocation.collections();
        long collectionMillisBefore = allocation.collectionMillis();
        long stepStart = System.nanoTime();
        long bytesBefore = allocation.bytes();
        long forwardStart;
        long backwardStart;
        long allReduceStart;
        long updateStart;
        long loadAllocated;
        try (MemoryScope ignored = MemoryScope.open()) {
            Batch batch = batches.next();
            forwardStart = System.nanoTime();
            loadAllocated = allocation.bytes() - bytesBefore;
            if (member.attempt() == 0 && member.rank() == o.killRank() && progress.globalStep() == o.killStep()) {
                log("fault drill: halting this executor at step %d", progress.globalStep());
                Runtime.getRuntime().halt(137);
            }
            Tensor logits = ddp.forward(batch.inputs());
            Tensor loss = Losses.crossEntropy(logits, batch.labels());
            backwardStart = System.nanoTime();
            optimizer.zeroGrad();
            loss.backward();
            allReduceStart = System.nanoTime();
            ddp.synchronizeGradients();
            updateStart = System.nanoTime();
            optimizer.step();
            int[] labels = batch.labels().toIntArray();
            sums[0] += loss.item() * labels.length;
            sums[1] += correct(logits.toFloatArray(), labels);
            sums[2] += labels.length;
        }
        long end = System.nanoTime();
        stepsThisAttempt++;
        if (stepsThisAttempt > WARMUP_STEPS) {
            measuredSteps++;
            measured = measured.plus(new StepPhases(
                    (forwardStart - stepStart) / 1e9,
                    (backwardStart - forwardStart) / 1e9,
                    (allReduceStart - backwardStart) / 1e9,
                    (updateStart - allReduceStart) / 1e9,
                    (end - updateStart) / 1e9));
            loadBytes += loadAllocated;
            stepBytes += allocation.bytes() - bytesBefore;
            collections += allocation.collections() - collectionsBefore;
            collectionMillis += allocation.collectionMillis() - collectionMillisBefore;
        }
    }

    /** All ranks' samples per second of wall time over the measured steps. */
    private double samplesPerSecond() {
        return measured.total() > 0
                ? (double) measuredSteps * o.batchSize() * member.worldSize() / measured.total()
                : 0;
    }

    /** Each rank evaluates every N-th held-out clip; returns {loss sum, correct, clips} over all ranks. */
    private float[] evaluate() {
        int[] mine = new int[(evalData.size() - member.rank() + member.worldSize() - 1) / member.worldSize()];
        for (int k = 0; k < mine.length; k++) {
            mine[k] = member.rank() + k * member.worldSize();
        }
        float[] sums = new float[3];
        ddp.eval();
        try (DataLoader loader = DataLoader.builder(evalData.subset(mine))
                        .batchSize(o.batchSize())
                        .shuffle(false)
                        .workers(o.loaderThreads())
                        .transform(spec.features())
                        .backend(backend)
                        .build();
                Autograd.NoGrad ignored = Autograd.noGrad()) {
            Iterator<Batch> batches = loader.epoch(0).iterator();
            while (batches.hasNext()) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Batch batch = batches.next();
                    Tensor logits = ddp.forward(batch.inputs());
                    int[] labels = batch.labels().toIntArray();
                    sums[0] += Losses.crossEntropy(logits, batch.labels()).item() * labels.length;
                    sums[1] += correct(logits.toFloatArray(), labels);
                    sums[2] += labels.length;
                }
            }
        } finally {
            ddp.train();
        }
        collective.allReduceSum(sums);
        return sums;
    }

    private void writeEpochOutputs(
            int epoch, float[] train, float[] eval, double seconds, double allReduceSeconds, boolean best)
            throws IOException {
        checkpoints.save(model, optimizer, progress);
        Map<String, String> metadata = CheckpointMetadata.of(spec, splits.labels(), epoch + 1);
        outputs.writeModel(Training.LAST, model, metadata);
        outputs.writeOptimizer(optimizer);
        if (best) {
            outputs.writeModel(Training.BEST, model, metadata);
        }
        outputs.writeRunInfo(spec, o.seed(), epoch + 1, progress.bestEvalAccuracy(), progress.bestEpoch());
        outputs.addMetrics(
                new EpochMetrics(
                        epoch + 1,
                        train[0] / train[2],
                        train[1] / train[2],
                        eval[0] / eval[2],
                        eval[1] / eval[2],
                        train[2] / seconds,
                        seconds),
                allReduceSeconds);
    }

    private static int correct(float[] logits, int[] labels) {
        int classes = logits.length / labels.length;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + best]) {
                    best = c;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return correct;
    }

    private void log(String format, Object... args) {
        System.err.printf(
                Locale.ROOT,
                "cochlea rank %d/%d: %s%n",
                member.rank(),
                member.worldSize(),
                String.format(Locale.ROOT, format, args));
    }
}
