package dev.cochlea.io;

import java.io.IOException;

/** A checkpoint or safetensors file that cannot be read, or does not fit the model; the message names the file. */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
