package dev.cochlea.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;

/**
 * Files on the storage that every rank and the driver see, through Hadoop's FileSystem API: a local path or file://
 * URI, HDFS, S3A, ABFS (the cluster supplies the connector jars). Cochlea's readers and writers work on local files,
 * so data is staged to the executor's local disk once and outputs are written locally, then copied up under a
 * temporary name and renamed into place (atomic on HDFS and local disks; on object stores a rename is a copy, so
 * readers must only trust names that a completed rename produced, which is how {@link CheckpointStore} reads them).
 */
public final class SharedStorage {
    private final Configuration conf;

    /** A Hadoop configuration with {@code settings} (the job's spark.hadoop.* entries, prefix removed) applied. */
    public SharedStorage(Map<String, String> settings) {
        conf = new Configuration();
        settings.forEach(conf::set);
    }

    private FileSystem fs(org.apache.hadoop.fs.Path path) throws IOException {
        return path.getFileSystem(conf);
    }

    private static org.apache.hadoop.fs.Path hadoop(String uri) {
        return new org.apache.hadoop.fs.Path(uri);
    }

    /**
     * A local folder holding the folder {@code uri}: the folder itself for local storage, else a copy under
     * {@code cacheRoot} keyed by the URI, made once per machine (copied under a temporary name, then renamed).
     */
    public Path localDirectory(String uri, Path cacheRoot) throws IOException {
        org.apache.hadoop.fs.Path source = hadoop(uri);
        FileSystem fs = fs(source);
        if (!fs.exists(source)) {
            throw new IOException(uri + ": no such folder");
        }
        if (fs instanceof LocalFileSystem local) {
            return local.pathToFile(source).toPath();
        }
        Path target = cacheRoot.resolve(digest(uri));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(cacheRoot);
        Path temporary = Files.createTempDirectory(cacheRoot, "staging-");
        fs.copyToLocalFile(
                false,
                source,
                new org.apache.hadoop.fs.Path(temporary.resolve("data").toUri()),
                true);
        try {
            Files.move(temporary.resolve("data"), target);
        } catch (IOException raced) {
            if (!Files.isDirectory(target)) {
                throw raced;
            }
        }
        return target;
    }

    /** Copies the local file {@code local} to {@code uri}, replacing it atomically where the storage allows. */
    public void put(Path local, String uri) throws IOException {
        org.apache.hadoop.fs.Path target = hadoop(uri);
        FileSystem fs = fs(target);
        org.apache.hadoop.fs.Path temporary =
                new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp-" + System.nanoTime());
        fs.mkdirs(target.getParent());
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), temporary);
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
            throw new IOException("could not rename " + temporary + " to " + target);
        }
    }

    public void putString(String text, String uri, Path scratch) throws IOException {
        Path local = Files.createTempFile(scratch, "text-", ".tmp");
        try {
            Files.writeString(local, text, StandardCharsets.UTF_8);
            put(local, uri);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** A local copy of the file {@code uri} in {@code scratch}. */
    public Path get(String uri, Path scratch) throws IOException {
        Path local = Files.createTempFile(scratch, "shared-", "-" + hadoop(uri).getName());
        Files.delete(local);
        FileSystem fs = fs(hadoop(uri));
        fs.copyToLocalFile(false, hadoop(uri), new org.apache.hadoop.fs.Path(local.toUri()), true);
        return local;
    }

    public String getString(String uri, Path scratch) throws IOException {
        Path local = get(uri, scratch);
        try {
            return Files.readString(local, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(local);
        }
    }

    public boolean exists(String uri) throws IOException {
        return fs(hadoop(uri)).exists(hadoop(uri));
    }

    /** Names of the entries of folder {@code uri}, or none when it does not exist. */
    public List<String> list(String uri) throws IOException {
        org.apache.hadoop.fs.Path dir = hadoop(uri);
        FileSystem fs = fs(dir);
        List<String> names = new ArrayList<>();
        if (fs.exists(dir)) {
            for (FileStatus s : fs.listStatus(dir)) {
                names.add(s.getPath().getName());
            }
        }
        return names;
    }

    public void mkdirs(String uri) throws IOException {
        fs(hadoop(uri)).mkdirs(hadoop(uri));
    }

    /** Renames {@code from} to {@code to}; false when the storage refused (e.g. {@code to} exists). */
    public boolean rename(String from, String to) throws IOException {
        return fs(hadoop(from)).rename(hadoop(from), hadoop(to));
    }

    public void deleteRecursively(String uri) throws IOException {
        fs(hadoop(uri)).delete(hadoop(uri), true);
    }

    /** {@code child} under folder {@code parent}, whatever the scheme. */
    public static String resolve(String parent, String child) {
        return new org.apache.hadoop.fs.Path(hadoop(parent), child).toString();
    }

    private static String digest(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
