package dev.cochlea.spark;

import dev.cochlea.examples.speech.DataOptions.FsddSplit;
import dev.cochlea.examples.speech.DatasetFormat;
import dev.cochlea.examples.speech.DatasetLayout;
import dev.cochlea.examples.speech.ModelKind;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything a rank needs to train, sent from the driver to every executor. Paths are Hadoop URIs or local paths that
 * every executor can read ({@code data}) and write ({@code out}).
 *
 * @param workers         ranks, one Spark task each
 * @param batchSize       per rank: the global batch is {@code batchSize * workers}
 * @param checkpointEvery steps between checkpoints (0: only at the end of each epoch)
 * @param maxSteps        stop after this many steps in all (0: no limit), for smoke tests and measurements
 * @param killRank        with {@code killStep}, a fault drill: that rank halts its JVM at that step on the first
 *                        attempt (-1: never)
 */
public record TrainOptions(
        int workers,
        String data,
        DatasetFormat format,
        FsddSplit split,
        List<String> trainSpeakers,
        List<String> testSpeakers,
        boolean intent,
        ModelKind model,
        int inputLength,
        int epochs,
        int batchSize,
        float lr,
        boolean cosine,
        long seed,
        String out,
        int loaderThreads,
        boolean syncBatchNorm,
        int checkpointEvery,
        long maxSteps,
        int timeoutSeconds,
        Map<String, String> hadoopSettings,
        int killRank,
        long killStep)
        implements Serializable {
    public TrainOptions {
        trainSpeakers = List.copyOf(trainSpeakers);
        testSpeakers = List.copyOf(testSpeakers);
        hadoopSettings = Map.copyOf(hadoopSettings);
        if (workers < 1
                || epochs < 1
                || batchSize < 1
                || loaderThreads < 0
                || !(lr > 0)
                || checkpointEvery < 0
                || maxSteps < 0
                || timeoutSeconds < 1) {
            throw new IllegalArgumentException("--workers, --epochs and --batch-size must be >= 1; --threads, "
                    + "--checkpoint-every and --max-steps >= 0; --lr > 0 and --timeout >= 1");
        }
    }

    /** How each rank reads its staged copy of {@code data}. */
    public DatasetLayout layout() {
        return new DatasetLayout(format, split, trainSpeakers, testSpeakers, intent);
    }
}
