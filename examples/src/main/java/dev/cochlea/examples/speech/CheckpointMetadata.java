package dev.cochlea.examples.speech;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.cochlea.io.CheckpointException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code train} (and the Spark trainer) writes into each checkpoint's safetensors {@code __metadata__}, so that a
 * checkpoint describes itself: the labels in class order (a JSON array), the model spec and the epoch. PyTorch's
 * {@code safetensors.torch.load_file} ignores these strings; {@code safe_open(...).metadata()} shows them.
 */
public final class CheckpointMetadata {
    static final String LABELS = "labels";
    static final String MODEL = "model";
    static final String CLASSES = "classes";
    static final String SAMPLE_RATE = "sample_rate";
    static final String INPUT_LENGTH = "input_length";
    static final String N_MELS = "n_mels";
    static final String EPOCH = "epoch";
    private static final Gson GSON = new Gson();

    private CheckpointMetadata() {}

    /** The metadata of a checkpoint of {@code spec} trained on {@code labels} (class order) for {@code epoch} epochs. */
    public static Map<String, String> of(ModelSpec spec, List<String> labels, int epoch) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(LABELS, GSON.toJson(labels));
        m.put(MODEL, spec.kind().name().toLowerCase(Locale.ROOT));
        m.put(CLASSES, Integer.toString(spec.classes()));
        m.put(SAMPLE_RATE, Integer.toString(spec.sampleRate()));
        m.put(INPUT_LENGTH, Integer.toString(spec.inputLength()));
        m.put(N_MELS, Integer.toString(spec.nMels()));
        m.put(EPOCH, Integer.toString(epoch));
        return m;
    }

    /** The labels of a checkpoint written by {@code train}, or null for one without (PyTorch's, older ones). */
    static List<String> labels(Map<String, String> metadata, Path file) throws CheckpointException {
        String json = metadata.get(LABELS);
        if (json == null) {
            return null;
        }
        try {
            String[] labels = GSON.fromJson(json, String[].class);
            if (labels == null || labels.length == 0 || Arrays.asList(labels).contains(null)) {
                throw new CheckpointException(file + ": metadata 'labels' holds no labels");
            }
            return List.of(labels);
        } catch (JsonParseException e) {
            throw new CheckpointException(file + ": metadata 'labels' is not a JSON array of strings", e);
        }
    }

    /** The model spec written by {@code train}, or null when the checkpoint has none. */
    static ModelSpec spec(Map<String, String> metadata, Path file) throws CheckpointException {
        if (!metadata.containsKey(MODEL)) {
            return null;
        }
        try {
            return new ModelSpec(
                    ModelKind.valueOf(metadata.get(MODEL).toUpperCase(Locale.ROOT)),
                    Integer.parseInt(metadata.get(CLASSES)),
                    Integer.parseInt(metadata.get(SAMPLE_RATE)),
                    Integer.parseInt(metadata.get(INPUT_LENGTH)),
                    Integer.parseInt(metadata.get(N_MELS)));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new CheckpointException(
                    file + ": metadata does not describe a speech model (" + e.getMessage() + ")", e);
        }
    }

    /** The epoch a checkpoint was written after, or -1 when it does not say. */
    static int epoch(Map<String, String> metadata, Path file) throws CheckpointException {
        String epoch = metadata.get(EPOCH);
        if (epoch == null) {
            return -1;
        }
        try {
            return Integer.parseInt(epoch);
        } catch (NumberFormatException e) {
            throw new CheckpointException(file + ": metadata 'epoch' is not a number: " + epoch, e);
        }
    }
}
