package dev.cochlea.examples.speech;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tests' class-path resources written out as files, for the CLI and the loaders, which read files. */
final class TestResources {
    /** The 10-class seed network PyTorch trained for 20 steps (tools/golden). */
    static final String PYTORCH_SEED_CHECKPOINT = "/golden/seed_pytorch_checkpoint.safetensors";
    /** A mel model trained on FSDD by tools/listen/train_fsdd_mel.sh. */
    static final String FSDD_MEL_CHECKPOINT = "/listen/fsdd-mel.safetensors";
    /** That model's labels. */
    static final String FSDD_MEL_LABELS = "/listen/labels.txt";

    private TestResources() {}

    /** Writes {@code resource} to {@code target} and returns {@code target}. */
    static Path copy(String resource, Path target) throws IOException {
        try (InputStream in = TestResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("test resource " + resource + " is not on the class path");
            }
            Files.write(target, in.readAllBytes());
        }
        return target;
    }
}
