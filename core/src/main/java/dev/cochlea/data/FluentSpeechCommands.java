package dev.cochlea.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fluent Speech Commands: {@code root/data/{train,valid,test}_data.csv} with columns
 * {@code path,speakerId,transcription,action,object,location} (often after an unnamed index column), {@code path}
 * relative to {@code root}. The label is the transcription (248 phrases in the original corpus) or the intent,
 * {@code action_object_location} (31 intents).
 */
public final class FluentSpeechCommands {
    /** Which column(s) make the label. */
    public enum LabelKind {
        TRANSCRIPTION,
        INTENT
    }

    private static final List<String> REQUIRED =
            List.of("path", "speakerId", "transcription", "action", "object", "location");

    private FluentSpeechCommands() {}

    public static DatasetSplits read(Path root) throws IOException {
        return read(root, LabelKind.TRANSCRIPTION);
    }

    public static DatasetSplits read(Path root, LabelKind kind) throws IOException {
        Layouts.requireDirectory(
                root,
                "a Fluent Speech Commands folder with data/train_data.csv, "
                        + "data/valid_data.csv and data/test_data.csv");
        return DatasetSplits.of(
                "fluent speech commands " + root + " (" + kind.name().toLowerCase(Locale.ROOT) + ")",
                split(root, "train", kind),
                split(root, "valid", kind),
                split(root, "test", kind));
    }

    private static List<LabelledClip> split(Path root, String split, LabelKind kind) throws IOException {
        Path csv = root.resolve("data").resolve(split + "_data.csv");
        Layouts.requireFile(csv, "a CSV with columns " + String.join(",", REQUIRED) + " (Fluent Speech Commands)");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new DatasetLayoutException(csv, "is empty; expected a header " + String.join(",", REQUIRED));
        }
        List<String> header = Csv.parseLine(lines.get(0));
        int[] column = new int[REQUIRED.size()];
        for (int i = 0; i < REQUIRED.size(); i++) {
            column[i] = header.indexOf(REQUIRED.get(i));
            if (column[i] < 0) {
                throw new DatasetLayoutException(
                        csv,
                        "has no column '" + REQUIRED.get(i) + "'; expected columns " + String.join(",", REQUIRED)
                                + ", found " + header);
            }
        }
        List<LabelledClip> clips = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            List<String> row = Csv.parseLine(lines.get(n));
            if (row.size() < header.size()) {
                throw new DatasetLayoutException(
                        csv, "line " + (n + 1) + " has " + row.size() + " fields; expected " + header.size());
            }
            String label = kind == LabelKind.TRANSCRIPTION
                    ? row.get(column[2])
                    : row.get(column[3]) + "_" + row.get(column[4]) + "_" + row.get(column[5]);
            clips.add(new LabelledClip(root.resolve(row.get(column[0])), label, row.get(column[1])));
        }
        return clips;
    }
}
