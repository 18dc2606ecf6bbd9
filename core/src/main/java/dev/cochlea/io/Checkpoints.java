package dev.cochlea.io;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.nn.Module;
import dev.cochlea.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves and loads models and optimizer state as safetensors files with PyTorch's state-dict names, so weights move
 * between Cochlea and PyTorch both ways ({@code safetensors.torch.load_file} / {@code save_file}). Writes are atomic.
 */
public final class Checkpoints {
    private Checkpoints() {}

    public static void save(Module model, Path file) throws IOException {
        save(model, file, Map.of());
    }

    /**
     * Saves the model with extra {@code __metadata__} strings (e.g. labels and how to rebuild the model), so the file
     * describes itself; {@code safetensors.torch.load_file} ignores them.
     */
    public static void save(Module model, Path file, Map<String, String> metadata) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(metadata);
        all.put("format", "pt");
        all.put("producer", "cochlea");
        SafeTensors.write(file, toHost(model.stateDict()), all);
    }

    /** The {@code __metadata__} strings of a checkpoint, reading only its header. */
    public static Map<String, String> readMetadata(Path file) throws CheckpointException {
        return SafeTensors.readHeader(file).metadata();
    }

    /** Loads every tensor of the file into the model (strict: missing, unexpected and mis-shaped keys all fail). */
    public static void load(Module model, Path file) throws CheckpointException {
        load(model, file, true);
    }

    public static void load(Module model, Path file, boolean strict) throws CheckpointException {
        Backend backend = model.stateDict().values().stream()
                .findFirst()
                .map(Tensor::backend)
                .orElseThrow(() -> new IllegalArgumentException(model + " has no state to load"));
        Map<String, Tensor> state = readStateDict(file, backend);
        try {
            model.loadStateDict(state, strict);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + file + " does not fit the model: " + e.getMessage(), e);
        }
    }

    /** The file's tensors on {@code backend}: floating dtypes as float32, integer dtypes as int32. */
    public static Map<String, Tensor> readStateDict(Path file, Backend backend) throws CheckpointException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostArray> e : SafeTensors.read(file).tensors().entrySet()) {
            out.put(e.getKey(), toTensor(e.getValue(), backend, file, e.getKey()));
        }
        return out;
    }

    public static void saveOptimizer(Optimizer optimizer, Path file) throws IOException {
        saveOptimizer(optimizer, file, Map.of());
    }

    /** Saves optimizer state with extra {@code __metadata__} strings (e.g. the epoch it belongs to). */
    public static void saveOptimizer(Optimizer optimizer, Path file, Map<String, String> metadata) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(metadata);
        all.put("producer", "cochlea");
        all.put("optimizer", optimizer.getClass().getSimpleName());
        SafeTensors.write(file, toHost(optimizer.stateDict()), all);
    }

    public static void loadOptimizer(Optimizer optimizer, Path file) throws CheckpointException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        String kind = contents.metadata().get("optimizer");
        if (kind != null && !kind.equals(optimizer.getClass().getSimpleName())) {
            throw new CheckpointException(file + " holds " + kind + " state, not "
                    + optimizer.getClass().getSimpleName());
        }
        Backend backend = optimizer.params().get(0).backend();
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (Map.Entry<String, HostArray> e : contents.tensors().entrySet()) {
            state.put(e.getKey(), toTensor(e.getValue(), backend, file, e.getKey()));
        }
        try {
            optimizer.loadStateDict(state);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("optimizer state " + file + " does not fit: " + e.getMessage(), e);
        }
    }

    static Map<String, HostArray> toHost(Map<String, Tensor> state) {
        Map<String, HostArray> out = new LinkedHashMap<>();
        state.forEach((name, t) -> {
            if (t.dtype() == DType.INT32) {
                int[] v = t.toIntArray();
                long[] l = new long[v.length];
                for (int i = 0; i < v.length; i++) {
                    l[i] = v[i];
                }
                out.put(name, HostArray.ofLongs(l, t.shape()));
            } else {
                out.put(name, HostArray.ofFloats(t.toFloatArray(), t.shape()));
            }
        });
        return out;
    }

    private static Tensor toTensor(HostArray a, Backend backend, Path file, String name) throws CheckpointException {
        if (a.isFloat()) {
            return Tensor.of(backend, a.floats(), a.shape());
        }
        long[] l = a.longs();
        int[] v = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] < Integer.MIN_VALUE || l[i] > Integer.MAX_VALUE) {
                throw new CheckpointException(file + ": integer tensor '" + name + "' holds " + l[i]
                        + ", outside the int32 range Cochlea uses");
            }
            v[i] = (int) l[i];
        }
        return Tensor.ofInts(backend, v, a.shape());
    }
}
