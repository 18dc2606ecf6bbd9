package dev.cochlea.examples.speech;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.data.ClipPreparer;
import dev.cochlea.data.Example;
import dev.cochlea.data.ExampleTransform;
import dev.cochlea.io.IoErrors;
import dev.cochlea.kernels.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code predict}: the top-k labels of WAV files under a checkpoint. */
@Command(name = "predict", description = "Top-k labels with probabilities for each WAV file.")
public final class PredictCommand implements Callable<Integer> {
    private static final Gson GSON = new Gson();

    @Mixin
    ModelOptions model;

    @Option(names = "--top-k", defaultValue = "3", description = "Labels shown per file (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(
            names = "--json",
            description = "One JSON object per file: file, probabilities (every label, in label " + "order), top.")
    boolean json;

    @Mixin
    BackendOption backendOption;

    @Parameters(paramLabel = "FILE.wav", arity = "1..*", description = "Clips to classify.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        if (topK < 1) {
            throw new CliException("--top-k must be >= 1, got " + topK);
        }
        Backend backend = backendOption.apply();
        LoadedModel loaded = model.load(backend);
        ModelSpec spec = loaded.spec();
        ClipPreparer preparer = new ClipPreparer(spec.sampleRate(), spec.inputLength());
        ExampleTransform features = spec.features();
        List<String> labels = loaded.labels();
        int failures = 0;
        for (Path file : files) {
            try {
                double[] p = probabilities(
                        loaded,
                        features.apply(Example.waveform(preparer.prepare(file), 0), new SplittableRandom(0)),
                        backend);
                System.out.println(json ? GSON.toJson(toJson(file, p, topK, labels)) : text(file, p, topK, labels));
            } catch (Exception e) {
                // Whatever one file does (unreadable, hostile, a model that yields NaN), the others are classified.
                System.err.println("error: " + describe(file, e));
                failures++;
            }
        }
        return failures == 0 ? 0 : 1;
    }

    private static String describe(Path file, Exception e) {
        String message = e instanceof IOException io ? IoErrors.describe(io) : e.getMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        return message.contains(file.toString()) ? message : file + ": " + message;
    }

    private static Integer[] order(double[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]));
        return order;
    }

    private static String text(Path file, double[] p, int topK, List<String> labels) {
        Integer[] order = order(p);
        StringBuilder line = new StringBuilder(file.toString()).append(':');
        for (int i = 0; i < Math.min(topK, p.length); i++) {
            line.append(String.format(Locale.ROOT, "  %s (%.3f)", labels.get(order[i]), p[order[i]]));
        }
        return line.toString();
    }

    private static double[] probabilities(LoadedModel loaded, Example example, Backend backend) {
        int[] shape = new int[example.shape().length + 1];
        shape[0] = 1;
        System.arraycopy(example.shape(), 0, shape, 1, example.shape().length);
        try (MemoryScope scope = MemoryScope.open();
                Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor logits = loaded.model().forward(Tensor.of(backend, example.data(), shape));
            double[] p =
                    Evaluator.softmaxRows(logits.toFloatArray(), loaded.labels().size())[0];
            for (double v : p) {
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("the model gives non-finite probabilities (" + v + ") for it");
                }
            }
            return p;
        }
    }

    private static JsonObject toJson(Path file, double[] p, int topK, List<String> labels) {
        Integer[] order = order(p);
        int k = Math.min(topK, p.length);
        JsonObject o = new JsonObject();
        o.addProperty("file", file.toString());
        JsonArray probabilities = new JsonArray();
        for (double v : p) {
            probabilities.add(v);
        }
        o.add("labels", GSON.toJsonTree(labels));
        o.add("probabilities", probabilities);
        JsonArray top = new JsonArray();
        for (int i = 0; i < k; i++) {
            JsonObject entry = new JsonObject();
            entry.addProperty("label", labels.get(order[i]));
            entry.addProperty("probability", p[order[i]]);
            top.add(entry);
        }
        o.add("top", top);
        return o;
    }
}
