package dev.cochlea.examples.speech;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Tests that share the tiny corpus and its one-epoch run ({@link TinyCorpus#trained}), made once per test class. */
abstract class TrainedTinyRun {
    @TempDir
    static Path dir;

    static TinyCorpus tiny;

    @BeforeAll
    static void trainOnce() throws IOException {
        tiny = TinyCorpus.trained(dir);
    }
}
