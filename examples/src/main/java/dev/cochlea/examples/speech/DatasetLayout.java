package dev.cochlea.examples.speech;

import dev.cochlea.data.DatasetSplits;
import dev.cochlea.data.FluentSpeechCommands;
import dev.cochlea.data.FolderPerLabel;
import dev.cochlea.data.Fsdd;
import dev.cochlea.data.SpeechCommands;
import dev.cochlea.examples.speech.DataOptions.FsddSplit;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * How a dataset folder is read into splits: its layout, FSDD's split and FSC's labels (what --format, --split,
 * --train-speakers, --test-speakers and --intent say). Serializable, so that the Spark trainer's executors read their
 * staged copy as the single-process commands read theirs.
 */
public record DatasetLayout(
        DatasetFormat format, FsddSplit split, List<String> trainSpeakers, List<String> testSpeakers, boolean intent)
        implements Serializable {
    public DatasetLayout {
        trainSpeakers = List.copyOf(trainSpeakers);
        testSpeakers = List.copyOf(testSpeakers);
    }

    /** The splits of the dataset in {@code root}. */
    public DatasetSplits read(Path root) throws IOException {
        return switch (format) {
            case FSC ->
                FluentSpeechCommands.read(
                        root,
                        intent ? FluentSpeechCommands.LabelKind.INTENT : FluentSpeechCommands.LabelKind.TRANSCRIPTION);
            case GSC -> SpeechCommands.read(root);
            case FSDD ->
                split == FsddSplit.OFFICIAL ? Fsdd.official(root) : Fsdd.bySpeaker(root, trainSpeakers, testSpeakers);
            case FOLDER -> FolderPerLabel.read(root);
        };
    }
}
