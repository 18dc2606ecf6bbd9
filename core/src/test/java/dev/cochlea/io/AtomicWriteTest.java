package dev.cochlea.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: no temporaries left, the umask respected, and failures that name the file. */
class AtomicWriteTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void newFilesGetTheUmaskDefaultAndReplacedFilesKeepTheirMode() throws IOException {
        Path plain = dir.resolve("plain");
        Files.newByteChannel(plain, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                .close();
        Path written = dir.resolve("written.safetensors");
        AtomicWrite.writeString(written, "one");
        assertEquals(
                Files.getPosixFilePermissions(plain),
                Files.getPosixFilePermissions(written),
                "as a file created with open(2) under this process's umask, not 0600");
        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-r-----"));
        AtomicWrite.writeString(written, "two");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(written)));
        assertEquals("two", Files.readString(written));
        assertEquals(List.of(plain, written), listing(), "no temporary file left");
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesTheOldContents() throws IOException {
        Path target = dir.resolve("last.safetensors");
        AtomicWrite.writeString(target, "old");
        IOException e = assertThrows(
                IOException.class,
                () -> AtomicWrite.write(target, out -> {
                    out.write(new byte[100]);
                    throw new IOException("No space left on device");
                }));
        assertEquals(target.toAbsolutePath() + ": No space left on device", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), listing());
    }

    @Test
    void aDirectoryThatIsAFileIsNamed() throws IOException {
        Path notDir = Files.writeString(dir.resolve("file"), "x");
        IOException e = assertThrows(IOException.class, () -> AtomicWrite.writeString(notDir.resolve("a.txt"), "y"));
        assertTrue(e.getMessage().contains(notDir.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void fileSystemErrorsBecomeOneLineNamingTheFile() {
        assertEquals("/x/y: permission denied", IoErrors.describe(new AccessDeniedException("/x/y")));
        assertEquals(
                "/x/y: No space left on device",
                IoErrors.describe(new FileSystemException("/x/y", null, "No space left on device")));
        assertEquals(
                "/x/y: No space left on device",
                IoErrors.naming(Path.of("/x/y"), new IOException("No space left on device"))
                        .getMessage());
    }

    @Test
    void staleTemporariesAreFoundAndDeleted() throws IOException {
        Files.writeString(dir.resolve(".last.safetensors.1234abcd.tmp"), "half");
        Files.writeString(dir.resolve("keep.txt"), "x");
        assertEquals(1, AtomicWrite.deleteTemporaries(dir));
        assertEquals(List.of(dir.resolve("keep.txt")), listing());
    }
}
