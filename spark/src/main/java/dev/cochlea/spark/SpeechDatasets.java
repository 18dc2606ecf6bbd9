package dev.cochlea.spark;

import dev.cochlea.data.DatasetSplits;
import dev.cochlea.data.FluentSpeechCommands;
import dev.cochlea.data.FolderPerLabel;
import dev.cochlea.data.Fsdd;
import dev.cochlea.data.SpeechCommands;
import dev.cochlea.examples.speech.DataOptions.FsddSplit;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a staged dataset with the speech example's layouts (as its {@code --format} and {@code --split} do). */
final class SpeechDatasets {
    private SpeechDatasets() {}

    static DatasetSplits read(TrainOptions o, Path root) throws IOException {
        return switch (o.format()) {
            case FSC ->
                FluentSpeechCommands.read(
                        root,
                        o.intent()
                                ? FluentSpeechCommands.LabelKind.INTENT
                                : FluentSpeechCommands.LabelKind.TRANSCRIPTION);
            case GSC -> SpeechCommands.read(root);
            case FSDD ->
                o.split() == FsddSplit.OFFICIAL
                        ? Fsdd.official(root)
                        : Fsdd.bySpeaker(root, o.trainSpeakers(), o.testSpeakers());
            case FOLDER -> FolderPerLabel.read(root);
        };
    }
}
