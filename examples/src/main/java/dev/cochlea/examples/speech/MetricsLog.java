package dev.cochlea.examples.speech;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** metrics.csv: one row per epoch, rewritten whole after each epoch (it is small) as part of the epoch's file set. */
public final class MetricsLog {
    private final Path file;
    private final List<EpochMetrics> rows = new ArrayList<>();

    private MetricsLog(Path file) {
        this.file = file;
    }

    public static MetricsLog create(Path file) {
        return new MetricsLog(file);
    }

    /** The rows already in {@code file} for epochs up to {@code lastEpoch} (for --resume). */
    public static MetricsLog resume(Path file, int lastEpoch) throws IOException {
        MetricsLog log = new MetricsLog(file);
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                if (!line.isBlank()) {
                    EpochMetrics m = EpochMetrics.parse(line);
                    if (m.epoch() <= lastEpoch) {
                        log.rows.add(m);
                    }
                }
            }
        }
        return log;
    }

    public void add(EpochMetrics metrics) {
        rows.add(metrics);
    }

    /** Writes the rows so far to {@code target} (the pending file of a commit), atomically. */
    void writeTo(Path target) throws IOException {
        StringBuilder sb = new StringBuilder(EpochMetrics.HEADER).append('\n');
        rows.forEach(r -> sb.append(r.csv()).append('\n'));
        AtomicFiles.writeString(target, sb.toString());
    }

    public List<EpochMetrics> rows() {
        return List.copyOf(rows);
    }

    public Path file() {
        return file;
    }
}
