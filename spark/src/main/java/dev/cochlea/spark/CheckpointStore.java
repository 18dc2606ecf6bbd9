package dev.cochlea.spark;

import com.google.gson.Gson;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.nn.Module;
import dev.cochlea.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checkpoints of a run on shared storage, {@code <root>/step-000000120/} holding model.safetensors,
 * optimizer.safetensors and progress.json. A checkpoint is written under a temporary name and renamed when complete,
 * so a rank that dies while writing leaves no half checkpoint behind; only names of that form are ever read. The two
 * newest are kept.
 */
public final class CheckpointStore {
    static final String MODEL = "model.safetensors";
    static final String OPTIMIZER = "optimizer.safetensors";
    static final String PROGRESS = "progress.json";
    private static final String PREFIX = "step-";
    private static final int KEEP = 2;
    private static final Gson GSON = new Gson();

    private final SharedStorage storage;
    private final String root;
    private final Path scratch;

    public CheckpointStore(SharedStorage storage, String root, Path scratch) {
        this.storage = storage;
        this.root = root;
        this.scratch = scratch;
    }

    /** The global step of the newest complete checkpoint, if any. */
    public Optional<Long> latestStep() throws IOException {
        return steps().stream().max(Comparator.naturalOrder());
    }

    private List<Long> steps() throws IOException {
        return storage.list(root).stream()
                .filter(n -> n.matches(PREFIX + "\\d{9}"))
                .map(n -> Long.parseLong(n.substring(PREFIX.length())))
                .toList();
    }

    /** Writes the model, the optimizer and the progress as the checkpoint of {@code progress.globalStep()}. */
    public void save(Module model, Optimizer optimizer, TrainingProgress progress) throws IOException {
        String name = name(progress.globalStep());
        String temporary = SharedStorage.resolve(root, ".tmp-" + name + "-" + System.nanoTime());
        Path modelFile = Files.createTempFile(scratch, "model-", ".safetensors");
        Path optimizerFile = Files.createTempFile(scratch, "optimizer-", ".safetensors");
        try {
            Checkpoints.save(model, modelFile);
            Checkpoints.saveOptimizer(optimizer, optimizerFile);
            storage.put(modelFile, SharedStorage.resolve(temporary, MODEL));
            storage.put(optimizerFile, SharedStorage.resolve(temporary, OPTIMIZER));
            storage.putString(GSON.toJson(progress), SharedStorage.resolve(temporary, PROGRESS), scratch);
        } finally {
            Files.deleteIfExists(modelFile);
            Files.deleteIfExists(optimizerFile);
        }
        String target = SharedStorage.resolve(root, name);
        storage.deleteRecursively(target); // a checkpoint of the same step from an attempt that died after writing it
        if (!storage.rename(temporary, target)) {
            throw new IOException("could not rename " + temporary + " to " + target);
        }
        List<Long> all = steps().stream().sorted(Comparator.reverseOrder()).toList();
        for (int i = KEEP; i < all.size(); i++) {
            storage.deleteRecursively(SharedStorage.resolve(root, name(all.get(i))));
        }
    }

    /** Loads checkpoint {@code step} into {@code model} and {@code optimizer} and returns its progress. */
    public TrainingProgress load(long step, Module model, Optimizer optimizer) throws IOException {
        String dir = SharedStorage.resolve(root, name(step));
        Path modelFile = storage.get(SharedStorage.resolve(dir, MODEL), scratch);
        Path optimizerFile = storage.get(SharedStorage.resolve(dir, OPTIMIZER), scratch);
        try {
            Checkpoints.load(model, modelFile);
            Checkpoints.loadOptimizer(optimizer, optimizerFile);
        } finally {
            Files.deleteIfExists(modelFile);
            Files.deleteIfExists(optimizerFile);
        }
        return GSON.fromJson(storage.getString(SharedStorage.resolve(dir, PROGRESS), scratch), TrainingProgress.class);
    }

    private static String name(long step) {
        return String.format(Locale.ROOT, PREFIX + "%09d", step);
    }
}
