package dev.cochlea.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Google Speech Commands (v1 or v2): {@code root/LABEL/SPEAKER_nohash_N.wav}, with {@code validation_list.txt} and
 * {@code testing_list.txt} naming the held-out files relative to the root; every other file is training data.
 * {@code _background_noise_} (and any folder starting with '_') holds no commands and is skipped.
 */
public final class SpeechCommands {
    private SpeechCommands() {}

    public static DatasetSplits read(Path root) throws IOException {
        Layouts.requireDirectory(
                root, "a Google Speech Commands folder (LABEL/*.wav, validation_list.txt, " + "testing_list.txt)");
        Set<String> validation = list(root.resolve("validation_list.txt"));
        Set<String> testing = list(root.resolve("testing_list.txt"));
        List<LabelledClip> train = new ArrayList<>();
        List<LabelledClip> valid = new ArrayList<>();
        List<LabelledClip> test = new ArrayList<>();
        for (Path labelDir : Layouts.labelDirs(root)) {
            String label = labelDir.getFileName().toString();
            for (Path wav : Layouts.wavsIn(labelDir)) {
                String name = wav.getFileName().toString();
                String relative = label + "/" + name;
                int nohash = name.indexOf("_nohash_");
                LabelledClip clip = new LabelledClip(wav, label, nohash > 0 ? name.substring(0, nohash) : "");
                (validation.contains(relative) ? valid : testing.contains(relative) ? test : train).add(clip);
            }
        }
        if (train.isEmpty()) {
            throw new DatasetLayoutException(
                    root,
                    "holds no training clips; expected LABEL/*.wav folders not all "
                            + "listed in validation_list.txt or testing_list.txt");
        }
        return DatasetSplits.of("speech commands " + root, train, valid, test);
    }

    private static Set<String> list(Path file) throws IOException {
        Layouts.requireFile(
                file, "a list of held-out clips, one LABEL/FILE.wav per line, as in Google Speech " + "Commands");
        Set<String> names = new HashSet<>();
        for (String line : Files.readAllLines(file)) {
            String name = line.strip().replace('\\', '/');
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
