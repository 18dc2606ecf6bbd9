package dev.cochlea.examples.speech;

import dev.cochlea.data.DatasetSplits;
import dev.cochlea.data.FluentSpeechCommands;
import dev.cochlea.data.FolderPerLabel;
import dev.cochlea.data.Fsdd;
import dev.cochlea.data.SpeechCommands;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The dataset options shared by train and evaluate. */
public class DataOptions {
    /** FSDD's two splits. */
    public enum FsddSplit {
        OFFICIAL,
        SPEAKER
    }

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "Dataset folder.")
    Path data;

    @Option(
            names = "--format",
            defaultValue = "fsc",
            paramLabel = "FORMAT",
            description = "Dataset layout: fsc, gsc, fsdd or folder (default: ${DEFAULT-VALUE}).")
    DatasetFormat format;

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
            description = "FSC: label clips by intent (action_object_location) instead of by " + "transcription.")
    boolean intent;

    public DatasetSplits read() throws IOException {
        return switch (format) {
            case FSC ->
                FluentSpeechCommands.read(
                        data,
                        intent ? FluentSpeechCommands.LabelKind.INTENT : FluentSpeechCommands.LabelKind.TRANSCRIPTION);
            case GSC -> SpeechCommands.read(data);
            case FSDD ->
                split == FsddSplit.OFFICIAL ? Fsdd.official(data) : Fsdd.bySpeaker(data, trainSpeakers, testSpeakers);
            case FOLDER -> FolderPerLabel.read(data);
        };
    }
}
