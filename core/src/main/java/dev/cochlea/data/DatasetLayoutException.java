package dev.cochlea.data;

import java.io.IOException;
import java.nio.file.Path;

/** A dataset folder that is missing or not laid out as its reader expects; the message names both. */
public class DatasetLayoutException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetLayoutException(Path path, String expected) {
        super(path + ": " + expected);
    }
}
