package dev.cochlea.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that a reader, a crash or a full disk never leaves half of it: the bytes go to a temporary file
 * beside the target ({@code .<name>.<random>.tmp}), which is flushed to the disk ({@code fsync}) and then renamed over
 * the target, and the directory is flushed so the rename itself survives a power cut.
 *
 * <p>The temporary file is created as the target would have been: with the permissions of the file it replaces, or
 * for a new file the default the umask gives ({@code Files.createTempFile} would make it 0600 whatever the umask).
 * Failures name the target, including "No space left on device", whose JDK message names nothing.
 */
public final class AtomicWrite {
    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicWrite() {}

    /** What goes into the file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    public static void writeString(Path file, String content) throws IOException {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code body} to a temporary file, fsyncs it and renames it over {@code file}. */
    public static void write(Path file, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory (writing " + target.getFileName() + ")");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw IoErrors.naming(dir, e);
        }
        Path temp = createTemporary(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            move(temp, target);
            syncDirectory(dir);
        } catch (IOException e) {
            throw IoErrors.naming(target, e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Renames {@code from} over {@code to} atomically where the file system can, then flushes the directory. Both
     * must be in the same directory.
     */
    public static void rename(Path from, Path to) throws IOException {
        move(from, to);
        syncDirectory(to.toAbsolutePath().getParent());
    }

    /** Whether {@code file} is a temporary file this class creates (left behind only by a killed process). */
    public static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /** Deletes the temporary files a killed writer left in {@code dir}; returns how many. */
    public static int deleteTemporaries(Path dir) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files =
                Files.newDirectoryStream(dir, p -> isTemporary(p) && Files.isRegularFile(p))) {
            for (Path p : files) {
                Files.deleteIfExists(p);
                deleted++;
            }
        }
        return deleted;
    }

    /** Flushes a directory's entries (new names, renames) to the disk; a no-op where the platform cannot. */
    public static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its renames are durable without this.
        }
    }

    private static Path createTemporary(Path target) throws IOException {
        while (true) {
            String random = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            Path temp = target.resolveSibling("." + target.getFileName() + "." + random + TEMP_SUFFIX);
            try {
                // Files.newByteChannel without attributes creates the file with 0666 less the umask, as open(2) does.
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                        .close();
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw IoErrors.naming(target, e);
            }
            copyPermissions(target, temp);
            return temp;
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        if (source != null && Files.isRegularFile(from)) {
            Files.setPosixFilePermissions(to, source.readAttributes().permissions());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
