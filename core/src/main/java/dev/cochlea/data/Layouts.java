package dev.cochlea.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Checks and listings shared by the dataset readers. */
final class Layouts {
    private Layouts() {}

    static void requireDirectory(Path dir, String expected) throws DatasetLayoutException {
        if (!Files.exists(dir)) {
            throw new DatasetLayoutException(dir, "does not exist; expected " + expected);
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetLayoutException(dir, "is not a directory; expected " + expected);
        }
    }

    static void requireFile(Path file, String expected) throws DatasetLayoutException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetLayoutException(file, "is missing; expected " + expected);
        }
    }

    static boolean isWav(Path file) {
        return Files.isRegularFile(file)
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav");
    }

    /** The .wav files directly inside {@code dir}, sorted by name. */
    static List<Path> wavsIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Layouts::isWav).sorted().toList();
        }
    }

    /** The sub-directories of {@code dir} not starting with '_' or '.', sorted by name. */
    static List<Path> labelDirs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isDirectory)
                    .filter(d -> !d.getFileName().toString().startsWith("_")
                            && !d.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }
}
