package dev.cochlea.examples.speech;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.cochlea.io.AtomicWrite;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A training run's output folder, in which each epoch's files (weights, optimizer state, best weights, metrics,
 * run.json, labels) change together or not at all, whenever the process is killed and whatever the disk does.
 *
 * <p>The protocol is a redo journal, as databases use: each new file is written in full to {@code .NAME.pending} and
 * flushed; then {@value #JOURNAL} is written atomically, listing the files; then each pending file is renamed over
 * its target, and the journal is deleted. Killed before the journal exists, the folder still holds the previous
 * epoch's set (the pending files are deleted on the next start); killed after, the next start finishes the renames.
 * Either way {@code --resume} sees one consistent epoch. The charts are pictures of these files, redrawn after each
 * epoch, and not part of the set.
 */
final class RunFolder {
    /** How a run treats what is already in its folder. */
    enum Mode {
        /** Refuse a folder that is not empty. */
        NEW,
        /** Continue the run in the folder, after completing or discarding an interrupted commit. */
        RESUME,
        /** Delete the previous run's files (only those; other files stay) and start afresh. */
        OVERWRITE
    }

    static final String JOURNAL = "commit.journal";
    private static final String PENDING = ".pending";
    private static final Gson GSON = new Gson();
    /** Test hook: {@code -Dcochlea.crashAt=POINT@EPOCH} halts the JVM there, as a kill -9 would. */
    private static final String CRASH_PROPERTY = "cochlea.crashAt";

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    /** Opens {@code dir} for a run in {@code mode}, creating it when absent; {@code runFiles} are the run's outputs. */
    static RunFolder open(Path dir, Mode mode, Set<String> runFiles) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliException(dir + ": not a directory (--out names the folder a run is written to)");
        }
        Files.createDirectories(dir);
        RunFolder folder = new RunFolder(dir);
        switch (mode) {
            case NEW -> folder.requireEmpty();
            case RESUME -> folder.recover();
            case OVERWRITE -> folder.deleteRun(runFiles);
        }
        return folder;
    }

    private void requireEmpty() throws IOException {
        List<String> names = names();
        if (!names.isEmpty()) {
            throw new CliException(dir + " is not empty (it holds "
                    + String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", ..." : "")
                    + "); continue that run with "
                    + "--resume, replace it with --overwrite, or choose another --out");
        }
    }

    /** Finishes a commit the journal says was complete, then deletes what an unfinished one left. */
    void recover() throws IOException {
        Path journal = dir.resolve(JOURNAL);
        if (Files.exists(journal)) {
            for (String name : readJournal(journal)) {
                Path pending = pendingOf(name);
                if (Files.exists(pending)) {
                    AtomicWrite.rename(pending, dir.resolve(name));
                }
            }
            Files.delete(journal);
            AtomicWrite.syncDirectory(dir);
        }
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(
                dir, p -> p.getFileName().toString().endsWith(PENDING) || AtomicWrite.isTemporary(p))) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void deleteRun(Set<String> runFiles) throws IOException {
        recover();
        for (String name : runFiles) {
            Path p = dir.resolve(name);
            if (Files.isDirectory(p)) {
                try (Stream<Path> tree = Files.walk(p)) {
                    for (Path q : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            } else {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Replaces the files named in {@code files} as one set (see the class comment). {@code epoch} only labels the
     * crash points tests use.
     */
    void commit(int epoch, Map<String, FileWriter> files) throws IOException {
        for (Map.Entry<String, FileWriter> e : files.entrySet()) {
            // The pending file needs no rename of its own: the journal, written after it is flushed, commits it.
            e.getValue().writeTo(pendingOf(e.getKey()));
        }
        crashPoint("pending", epoch);
        AtomicWrite.writeString(dir.resolve(JOURNAL), GSON.toJson(List.copyOf(files.keySet())));
        crashPoint("journal", epoch);
        int renamed = 0;
        for (String name : files.keySet()) {
            AtomicWrite.rename(pendingOf(name), dir.resolve(name));
            if (++renamed == 2) {
                crashPoint("renaming", epoch);
            }
        }
        crashPoint("renamed", epoch);
        Files.delete(dir.resolve(JOURNAL));
        AtomicWrite.syncDirectory(dir);
    }

    private Path pendingOf(String name) {
        return dir.resolve("." + name + PENDING);
    }

    private List<String> readJournal(Path journal) throws IOException {
        try {
            String[] names = GSON.fromJson(Files.readString(journal), String[].class);
            List<String> out = new ArrayList<>();
            for (String name : names) {
                if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                    throw new IOException(journal + ": names a file outside the run folder: " + name);
                }
                out.add(name);
            }
            return out;
        } catch (JsonParseException | NullPointerException e) {
            throw new IOException(journal + ": corrupt commit journal (" + e.getMessage() + ")", e);
        }
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void crashPoint(String point, int epoch) {
        if ((point + "@" + epoch).equals(System.getProperty(CRASH_PROPERTY))) {
            Runtime.getRuntime().halt(137);
        }
    }

    /** Writes one file of the set, atomically, at the path it is given. */
    @FunctionalInterface
    interface FileWriter {
        void writeTo(Path file) throws IOException;
    }

    /** An empty set, renamed in insertion order: weights first, run.json (the summary) last. */
    static Map<String, FileWriter> newSet() {
        return new LinkedHashMap<>();
    }
}
