package dev.cochlea.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A plain tree with one folder of WAVs per label. Either {@code root/train/LABEL/*.wav} and {@code root/test/...}
 * (plus {@code valid/} or {@code validation/} if present), or {@code root/LABEL/*.wav}, split 80/10/10 into
 * train/valid/test by a hash of each file's name so the split is stable when files are added (as Google Speech
 * Commands does). Folders starting with '_' or '.' are skipped.
 */
public final class FolderPerLabel {
    private FolderPerLabel() {}

    public static DatasetSplits read(Path root) throws IOException {
        Layouts.requireDirectory(
                root,
                "a folder with one sub-folder of .wav files per label, or train/ and test/ "
                        + "folders laid out that way");
        if (Files.isDirectory(root.resolve("train"))) {
            Path valid = Files.isDirectory(root.resolve("valid")) ? root.resolve("valid") : root.resolve("validation");
            Layouts.requireDirectory(
                    root.resolve("test"), "a test/ folder next to train/, with one sub-folder per label");
            return DatasetSplits.of(
                    "folder " + root,
                    clips(root.resolve("train")),
                    Files.isDirectory(valid) ? clips(valid) : List.of(),
                    clips(root.resolve("test")));
        }
        List<LabelledClip> train = new ArrayList<>();
        List<LabelledClip> valid = new ArrayList<>();
        List<LabelledClip> test = new ArrayList<>();
        for (LabelledClip clip : clips(root)) {
            int bucket = bucket(clip.file().getFileName().toString());
            (bucket < 80 ? train : bucket < 90 ? valid : test).add(clip);
        }
        return DatasetSplits.of("folder " + root, train, valid, test);
    }

    /** A number in [0, 100) fixed by the file name. */
    static int bucket(String fileName) {
        CRC32 crc = new CRC32();
        crc.update(fileName.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % 100);
    }

    private static List<LabelledClip> clips(Path dir) throws IOException {
        List<LabelledClip> clips = new ArrayList<>();
        for (Path labelDir : Layouts.labelDirs(dir)) {
            String label = labelDir.getFileName().toString();
            for (Path wav : Layouts.wavsIn(labelDir)) {
                clips.add(new LabelledClip(wav, label, ""));
            }
        }
        if (clips.isEmpty()) {
            throw new DatasetLayoutException(dir, "holds no label folders with .wav files; expected LABEL/*.wav");
        }
        return clips;
    }
}
