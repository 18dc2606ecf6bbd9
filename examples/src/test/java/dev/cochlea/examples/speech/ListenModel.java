package dev.cochlea.examples.speech;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The listen tests' model: the mel network trained on FSDD by tools/listen/train_fsdd_mel.sh and its labels, copied
 * from the test resources into a folder, as a user would have them on disk.
 */
record ListenModel(Path checkpoint, Path labels) {
    static ListenModel copyTo(Path dir) throws IOException {
        return new ListenModel(copy(dir, "fsdd-mel.safetensors"), copy(dir, "labels.txt"));
    }

    private static Path copy(Path dir, String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = ListenModel.class.getResourceAsStream("/listen/" + name)) {
            Files.write(target, in.readAllBytes());
        }
        return target;
    }
}
