package dev.cochlea.examples.speech;

import dev.cochlea.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.Path;

/** Writes text through {@link AtomicWrite}: a temporary file, fsync and a rename, with the umask's permissions. */
final class AtomicFiles {
    private AtomicFiles() {}

    static void writeString(Path file, String content) throws IOException {
        AtomicWrite.writeString(file, content);
    }
}
