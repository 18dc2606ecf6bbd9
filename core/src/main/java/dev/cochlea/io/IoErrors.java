package dev.cochlea.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One-line descriptions of I/O failures that always name the file. The JDK's own messages do not: an
 * {@link AccessDeniedException}'s message is the bare path, and a full disk reports "No space left on device" with no
 * path at all.
 */
public final class IoErrors {
    private IoErrors() {}

    /** What went wrong, without the file: "permission denied", "no such file", "No space left on device", ... */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** {@code "<file>: <reason>"}, e.g. {@code "runs/speech/last.safetensors: No space left on device"}. */
    public static String describe(Object file, IOException e) {
        return file + ": " + reason(e);
    }

    /**
     * The message of {@code e} for a user: a file-system failure as {@code "<file>: <reason>"} (the file it names),
     * anything else as its own message, which Cochlea's readers and writers already start with the file.
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String other = f.getOtherFile() != null ? " -> " + f.getOtherFile() : "";
            return f.getFile() + other + ": " + reason(e);
        }
        return reason(e);
    }

    /** An IOException whose message names {@code file}, keeping {@code e} as the cause. */
    public static IOException naming(Object file, IOException e) {
        String message = e.getMessage();
        if (message != null && message.contains(file.toString()) && !(e instanceof FileSystemException)) {
            return e;
        }
        return new IOException(describe(file, e), e);
    }
}
