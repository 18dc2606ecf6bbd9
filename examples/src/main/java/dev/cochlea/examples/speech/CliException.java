package dev.cochlea.examples.speech;

/** A problem the user can fix (bad option, missing file); the CLI prints its message alone, without a stack trace. */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(message);
    }
}
