package dev.cochlea.examples.speech;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** labels.txt: one label per line, line i = class i. */
public final class Labels {
    private Labels() {}

    public static void write(Path file, List<String> labels) throws IOException {
        for (String label : labels) {
            if (label.contains("\n") || label.contains("\r")) {
                throw new IllegalArgumentException("label '" + label + "' contains a line break");
            }
        }
        AtomicFiles.writeString(file, String.join("\n", labels) + "\n");
    }

    public static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": label file not found (expected one label per line, as train writes "
                    + "to OUT/labels.txt)");
        }
        List<String> labels = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                labels.add(line);
            }
        }
        if (labels.isEmpty()) {
            throw new IOException(file + ": no labels in the file");
        }
        return labels;
    }
}
