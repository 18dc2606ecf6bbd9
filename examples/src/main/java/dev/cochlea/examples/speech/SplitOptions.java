package dev.cochlea.examples.speech;

import dev.cochlea.data.Fsdd;
import dev.cochlea.examples.speech.DataOptions.FsddSplit;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a dataset is split and labelled: --split, --train-speakers and --test-speakers (FSDD) and --intent (FSC); shared
 * by train, evaluate and the Spark trainer.
 */
public class SplitOptions {
    @Option(
            names = "--split",
            defaultValue = "speaker",
            paramLabel = "SPLIT",
            description = "FSDD split: official (indices 0-4 are test) or speaker (held-out speakers; default).")
    FsddSplit split;

    @Option(
            names = "--train-speakers",
            split = ",",
            paramLabel = "NAMES",
            description = "FSDD speaker split: training speakers (default: jackson,nicolas,theo,yweweler).")
    List<String> trainSpeakers = Fsdd.DEFAULT_TRAIN_SPEAKERS;

    @Option(
            names = "--test-speakers",
            split = ",",
            paramLabel = "NAMES",
            description = "FSDD speaker split: test speakers (default: george,lucas).")
    List<String> testSpeakers = Fsdd.DEFAULT_TEST_SPEAKERS;

    @Option(
            names = "--intent",
            description = "FSC: label clips by intent (action_object_location) instead of by transcription.")
    boolean intent;

    /** These choices for a dataset in {@code format}. */
    public DatasetLayout layout(DatasetFormat format) {
        return new DatasetLayout(format, split, trainSpeakers, testSpeakers, intent);
    }
}
