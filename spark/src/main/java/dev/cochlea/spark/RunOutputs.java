package dev.cochlea.spark;

import com.google.gson.GsonBuilder;
import dev.cochlea.examples.speech.EpochMetrics;
import dev.cochlea.examples.speech.ModelSpec;
import dev.cochlea.examples.speech.Training;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.nn.Module;
import dev.cochlea.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What rank 0 leaves in {@code --out} after each epoch, in the speech example's layout so that
 * {@code cochlea-speech evaluate} and {@code predict} load it: last.safetensors (+ its optimizer), best.safetensors,
 * labels.txt, run.json and metrics.csv (with the time spent in the all-reduce as an extra column).
 */
final class RunOutputs {
    static final String METRICS_HEADER =
            "epoch,train_loss,train_accuracy,eval_loss,eval_accuracy,samples_per_second," + "seconds,allreduce_seconds";

    private final SharedStorage storage;
    private final String out;
    private final Path scratch;
    private final List<String> metricRows = new ArrayList<>();

    RunOutputs(SharedStorage storage, String out, Path scratch) {
        this.storage = storage;
        this.out = out;
        this.scratch = scratch;
    }

    /** Keeps the metrics rows of the epochs before {@code firstEpoch} (1-based) from an earlier attempt or run. */
    void resumeMetrics(int epochsDone) throws IOException {
        String file = SharedStorage.resolve(out, Training.METRICS);
        if (epochsDone == 0 || !storage.exists(file)) {
            return;
        }
        for (String line : storage.getString(file, scratch).split("\n")) {
            if (!line.isBlank() && !line.startsWith("epoch") && Integer.parseInt(line.split(",")[0]) <= epochsDone) {
                metricRows.add(line);
            }
        }
    }

    void writeLabels(List<String> labels) throws IOException {
        storage.putString(String.join("\n", labels) + "\n", SharedStorage.resolve(out, Training.LABELS), scratch);
    }

    /** Appends an epoch's row: the speech example's columns, then the seconds spent in the gradient all-reduce. */
    void addMetrics(EpochMetrics m, double allReduceSeconds) throws IOException {
        metricRows.add(String.format(
                Locale.ROOT,
                "%d,%.6f,%.6f,%.6f,%.6f,%.2f,%.3f,%.3f",
                m.epoch(),
                m.trainLoss(),
                m.trainAccuracy(),
                m.evalLoss(),
                m.evalAccuracy(),
                m.samplesPerSecond(),
                m.seconds(),
                allReduceSeconds));
        storage.putString(
                METRICS_HEADER + "\n" + String.join("\n", metricRows) + "\n",
                SharedStorage.resolve(out, Training.METRICS),
                scratch);
    }

    /** The model as {@code name}, with the speech example's metadata so that it names its labels and model. */
    void writeModel(String name, Module model, Map<String, String> metadata) throws IOException {
        Path local = Files.createTempFile(scratch, "model-", ".safetensors");
        try {
            Checkpoints.save(model, local, metadata);
            storage.put(local, SharedStorage.resolve(out, name));
        } finally {
            Files.deleteIfExists(local);
        }
    }

    void writeOptimizer(Optimizer optimizer) throws IOException {
        Path local = Files.createTempFile(scratch, "optimizer-", ".safetensors");
        try {
            Checkpoints.saveOptimizer(optimizer, local);
            storage.put(local, SharedStorage.resolve(out, Training.LAST_OPTIMIZER));
        } finally {
            Files.deleteIfExists(local);
        }
    }

    /** run.json with the fields the speech example's RunInfo reads, so evaluate and predict rebuild the model. */
    void writeRunInfo(ModelSpec spec, long seed, int epochsDone, double bestEvalAccuracy, int bestEpoch)
            throws IOException {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model", spec.kind().name().toLowerCase(Locale.ROOT));
        info.put("classes", spec.classes());
        info.put("sampleRate", spec.sampleRate());
        info.put("inputLength", spec.inputLength());
        info.put("nMels", spec.nMels());
        info.put("seed", seed);
        info.put("epochsDone", epochsDone);
        info.put("bestEvalAccuracy", bestEvalAccuracy);
        info.put("bestEpoch", bestEpoch);
        storage.putString(
                new GsonBuilder().setPrettyPrinting().create().toJson(info) + "\n",
                SharedStorage.resolve(out, "run.json"),
                scratch);
    }
}
