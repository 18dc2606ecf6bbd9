package dev.cochlea.examples.speech;

import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.data.Batch;
import dev.cochlea.data.DataLoader;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Module;
import dev.cochlea.optim.Optimizer;
import java.util.Iterator;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * One training epoch with a progress bar showing running loss, accuracy and samples per second.
 *
 * <p>Divergence rule: a batch's loss that is NaN, infinite, or above {@value #EXPLODING_FACTOR} times the loss of a
 * uniform guess ({@code ln(classes)}, at least 1) stops the run before the optimizer step that would follow it. A
 * cross-entropy that large means logits hundreds apart on wrong classes; a classifier that is learning never gets
 * there, and one that does only writes worse checkpoints from then on.
 */
public final class EpochTrainer {
    /** The epoch's mean loss, accuracy and throughput. */
    public record Result(double loss, double accuracy, double samplesPerSecond, double seconds) {}

    static final double EXPLODING_FACTOR = 100;

    private final Module model;
    private final Optimizer optimizer;
    private final int classes;
    private final boolean progress;

    public EpochTrainer(Module model, Optimizer optimizer, int classes, boolean progress) {
        this.model = model;
        this.optimizer = optimizer;
        this.classes = classes;
        this.progress = progress;
    }

    /**
     * Trains over {@code loader}'s epoch {@code epoch} (0-based). Each step runs in a {@link MemoryScope}, so its
     * batch, activations and gradients' temporaries go back to the backend's pool when it ends.
     *
     * @throws TrainingDivergedException before the optimizer step that would follow a diverged loss (see the class
     *     comment)
     */
    public Result run(DataLoader loader, int epoch, int epochs) {
        model.train();
        long start = System.nanoTime();
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        try (ProgressBar bar = progressBar(loader.numExamples(), epoch, epochs)) {
            Iterator<Batch> it = loader.epoch(epoch).iterator();
            int step = 0;
            while (it.hasNext()) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Batch batch = it.next();
                    Tensor logits = model.forward(batch.inputs());
                    Tensor loss = Losses.crossEntropy(logits, batch.labels());
                    float value = loss.item();
                    if (!Float.isFinite(value) || value > explodingLoss()) {
                        throw new TrainingDivergedException(String.format(
                                Locale.ROOT,
                                "the training loss became %s at epoch %d, step %d%s; training stopped before the "
                                        + "update (try a lower --lr)",
                                value,
                                epoch + 1,
                                step + 1,
                                Float.isFinite(value)
                                        ? String.format(
                                                Locale.ROOT,
                                                " (above %.4g, %.0f times the " + "loss of a uniform guess)",
                                                explodingLoss(),
                                                EXPLODING_FACTOR)
                                        : ""));
                    }
                    optimizer.zeroGrad();
                    loss.backward();
                    optimizer.step();
                    int[] predicted = Evaluator.argmaxRows(logits.toFloatArray(), classes);
                    int[] truth = batch.labels().toIntArray();
                    for (int i = 0; i < truth.length; i++) {
                        correct += predicted[i] == truth[i] ? 1 : 0;
                    }
                    lossSum += (double) value * truth.length;
                    seen += truth.length;
                    step++;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (bar != null) {
                    bar.stepTo(seen);
                    bar.setExtraMessage(String.format(
                            Locale.ROOT,
                            "loss %.4f acc %.1f%% %.0f samples/s",
                            lossSum / seen,
                            100.0 * correct / seen,
                            seen / seconds));
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(lossSum / seen, (double) correct / seen, seen / seconds, seconds);
    }

    /** The loss above which training has exploded (see the class comment). */
    double explodingLoss() {
        return EXPLODING_FACTOR * Math.max(1, Math.log(classes));
    }

    private ProgressBar progressBar(int examples, int epoch, int epochs) {
        if (!progress) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs))
                .setInitialMax(examples)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setMaxRenderedLength(110)
                .setUnit(" clips", 1)
                .build();
    }
}
