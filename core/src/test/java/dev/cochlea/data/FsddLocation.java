package dev.cochlea.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find the Free Spoken Digit Dataset, which is not in the repository: the system property
 * {@code cochlea.fsdd}, else the first {@code shared/data/fsdd} found walking up from the working directory (the
 * repository lives beside {@code shared/}). Tests that need it skip, saying why, when it is absent.
 */
public final class FsddLocation {
    private FsddLocation() {}

    /** The dataset's folder, or null when neither the property nor a {@code shared/data/fsdd} above names one. */
    public static Path find() {
        String configured = System.getProperty("cochlea.fsdd");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/data/fsdd");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The dataset's folder; skips the calling test when it is absent, naming {@code what} it would have run. */
    public static Path require(String what) {
        Path root = find();
        assumeTrue(
                root != null && Files.isDirectory(root),
                "FSDD not found: no shared/data/fsdd above " + Path.of("").toAbsolutePath()
                        + " and -Dcochlea.fsdd not set; skipping " + what);
        return root;
    }
}
