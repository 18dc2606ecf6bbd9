package dev.cochlea.examples.speech;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * run.json in a training output folder: the model spec (so evaluate and predict rebuild the same input pipeline) and
 * how far training got (so --resume continues after the last completed epoch).
 */
public final class RunInfo {
    public static final String FILE = "run.json";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    String model;
    int classes;
    int sampleRate;
    int inputLength;
    int nMels;
    long seed;
    int epochsDone;
    double bestEvalAccuracy = -1;
    int bestEpoch;
    /** Clips left out by --skip-bad, and the first of them. */
    int skippedClips;

    List<String> skippedFiles = List.of();

    public ModelSpec spec() {
        return new ModelSpec(
                ModelKind.valueOf(model.toUpperCase(Locale.ROOT)), classes, sampleRate, inputLength, nMels);
    }

    static RunInfo of(ModelSpec spec, long seed) {
        RunInfo info = new RunInfo();
        info.model = spec.kind().name().toLowerCase(Locale.ROOT);
        info.classes = spec.classes();
        info.sampleRate = spec.sampleRate();
        info.inputLength = spec.inputLength();
        info.nMels = spec.nMels();
        info.seed = seed;
        return info;
    }

    /** Writes this description to {@code file} (run.json, or the pending file of a commit), atomically. */
    void writeTo(Path file) throws IOException {
        AtomicFiles.writeString(file, GSON.toJson(this) + "\n");
    }

    /** The run.json in {@code dir}, or null when there is none. */
    static RunInfo readIfPresent(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            RunInfo info = GSON.fromJson(Files.readString(file), RunInfo.class);
            if (info == null || info.model == null) {
                throw new IOException(file + ": not a training run description (no \"model\")");
            }
            return info;
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
