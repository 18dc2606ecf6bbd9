package dev.cochlea.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Free Spoken Digit Dataset: {@code DIGIT_SPEAKER_INDEX.wav} files (8 kHz mono), in {@code root/recordings/} or
 * directly in {@code root}. Two splits: the dataset's official one (indices 0-4 of every speaker and digit are the
 * test set, the rest train) and a speaker-held-out one (train on some speakers, test on others). Neither has a
 * validation set.
 */
public final class Fsdd {
    /** The speaker-held-out split of the seed report. */
    public static final List<String> DEFAULT_TRAIN_SPEAKERS = List.of("jackson", "nicolas", "theo", "yweweler");

    public static final List<String> DEFAULT_TEST_SPEAKERS = List.of("george", "lucas");

    private static final Pattern NAME = Pattern.compile("(\\d)_([A-Za-z0-9-]+)_(\\d+)\\.wav");

    private Fsdd() {}

    /** One file's parts. */
    private record Recording(Path file, String digit, String speaker, int index) {}

    /** The official split: index 0-4 = test. */
    public static DatasetSplits official(Path root) throws IOException {
        List<LabelledClip> train = new ArrayList<>();
        List<LabelledClip> test = new ArrayList<>();
        for (Recording r : recordings(root)) {
            (r.index() <= 4 ? test : train).add(new LabelledClip(r.file(), r.digit(), r.speaker()));
        }
        return DatasetSplits.of("fsdd official split", train, List.of(), test);
    }

    /** The default speaker-held-out split (train jackson, nicolas, theo, yweweler; test george, lucas). */
    public static DatasetSplits bySpeaker(Path root) throws IOException {
        return bySpeaker(root, DEFAULT_TRAIN_SPEAKERS, DEFAULT_TEST_SPEAKERS);
    }

    /** Train on {@code trainSpeakers}, test on {@code testSpeakers}; other speakers' clips are left out. */
    public static DatasetSplits bySpeaker(Path root, List<String> trainSpeakers, List<String> testSpeakers)
            throws IOException {
        Set<String> overlap = new TreeSet<>(trainSpeakers);
        overlap.retainAll(testSpeakers);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("speakers " + overlap + " are in both the train and the test list");
        }
        List<Recording> recordings = recordings(root);
        Set<String> present = new TreeSet<>();
        recordings.forEach(r -> present.add(r.speaker()));
        for (String speaker : concat(trainSpeakers, testSpeakers)) {
            if (!present.contains(speaker)) {
                throw new DatasetLayoutException(
                        root, "has no recordings by speaker '" + speaker + "'; speakers found: " + present);
            }
        }
        List<LabelledClip> train = new ArrayList<>();
        List<LabelledClip> test = new ArrayList<>();
        for (Recording r : recordings) {
            LabelledClip clip = new LabelledClip(r.file(), r.digit(), r.speaker());
            if (trainSpeakers.contains(r.speaker())) {
                train.add(clip);
            } else if (testSpeakers.contains(r.speaker())) {
                test.add(clip);
            }
        }
        return DatasetSplits.of("fsdd speakers " + trainSpeakers + " vs " + testSpeakers, train, List.of(), test);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Recording> recordings(Path root) throws IOException {
        String expected = "the Free Spoken Digit Dataset: DIGIT_SPEAKER_INDEX.wav files in recordings/ or in the "
                + "folder itself";
        Layouts.requireDirectory(root, expected);
        Path dir = Files.isDirectory(root.resolve("recordings")) ? root.resolve("recordings") : root;
        List<Recording> recordings = new ArrayList<>();
        for (Path wav : Layouts.wavsIn(dir)) {
            Matcher m = NAME.matcher(wav.getFileName().toString());
            if (m.matches()) {
                recordings.add(new Recording(wav, m.group(1), m.group(2), Integer.parseInt(m.group(3))));
            }
        }
        if (recordings.isEmpty()) {
            throw new DatasetLayoutException(dir, "holds no DIGIT_SPEAKER_INDEX.wav files; expected " + expected);
        }
        return recordings;
    }
}
