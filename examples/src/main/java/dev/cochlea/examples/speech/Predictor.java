package dev.cochlea.examples.speech;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.data.ClipPreparer;
import dev.cochlea.data.Example;
import dev.cochlea.data.ExampleTransform;
import dev.cochlea.inference.Inference;
import dev.cochlea.inference.InferencePlan;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;

/**
 * A trained speech model ready for a service: load a checkpoint once, then call {@link #predict} from any number of
 * threads. Each clip goes through the same preparation as {@code predict} (mono, resampled to the model's rate with
 * torchaudio's filter, zero-padded or cropped to the model's input, then the model's features), and the model runs as
 * a compiled {@link InferencePlan} (batch norm folded, conv blocks fused, no autograd).
 *
 * <p>Memory is bounded: at most {@code maxConcurrent} calls run the model at once (the others wait), and each holds
 * one set of activation buffers, reused from call to call.
 * <pre>{@code
 * try (Predictor p = Predictor.load(Path.of("best.safetensors"))) {
 *     Prediction r = p.predict(samples, 16000);
 *     System.out.println(r.bestLabel() + " " + r.bestProbability());
 * }
 * }</pre>
 */
public final class Predictor implements AutoCloseable {
    private final ModelSpec spec;
    private final List<String> labels;
    private final InferencePlan plan;
    private final ClipPreparer preparer;
    private final ExampleTransform features;
    private final Semaphore running;

    private Predictor(LoadedModel loaded, int maxConcurrent) {
        this.spec = loaded.spec();
        this.labels = List.copyOf(loaded.labels());
        this.plan = Inference.compile(loaded.model());
        this.preparer = new ClipPreparer(spec.sampleRate(), spec.inputLength());
        this.features = spec.features();
        this.running = new Semaphore(maxConcurrent);
    }

    /**
     * Loads a checkpoint written by {@code train} (its labels are in its metadata) on the best available backend, with
     * as many concurrent calls as there are processors.
     */
    public static Predictor load(Path checkpoint) throws IOException {
        return load(checkpoint, null);
    }

    /** Loads on the best available backend, with as many concurrent calls as there are processors. */
    public static Predictor load(Path checkpoint, Path labels) throws IOException {
        return load(checkpoint, labels, Backends.best(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param checkpoint    a checkpoint from {@code train} (or PyTorch with the same state-dict names)
     * @param labels        its labels file, one label a line, or null when the checkpoint's metadata holds them
     * @param maxConcurrent calls allowed to run the model at the same time (each holds its own buffers)
     */
    public static Predictor load(Path checkpoint, Path labels, Backend backend, int maxConcurrent) throws IOException {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
        }
        return new Predictor(LoadedModel.load(checkpoint, labels, null, backend), maxConcurrent);
    }

    public ModelSpec spec() {
        return spec;
    }

    public List<String> labels() {
        return labels;
    }

    /** The compiled model, for inspection ({@link InferencePlan#describe()}). */
    public InferencePlan plan() {
        return plan;
    }

    /** Probabilities for one mono clip at {@code sampleRate} Hz. Thread-safe. */
    public Prediction predict(float[] samples, int sampleRate) {
        return predictAll(List.of(samples), sampleRate).get(0);
    }

    /** Probabilities for several mono clips at {@code sampleRate} Hz, run as one batch. Thread-safe. */
    public List<Prediction> predictAll(List<float[]> clips, int sampleRate) {
        if (clips.isEmpty()) {
            return List.of();
        }
        Example first = null;
        float[] batch = null;
        for (int i = 0; i < clips.size(); i++) {
            Example e = prepare(clips.get(i), sampleRate);
            if (first == null) {
                first = e;
                batch = new float[clips.size() * e.data().length];
            }
            System.arraycopy(e.data(), 0, batch, i * e.data().length, e.data().length);
        }
        int[] shape = new int[first.shape().length + 1];
        shape[0] = clips.size();
        System.arraycopy(first.shape(), 0, shape, 1, first.shape().length);
        float[] logits = run(batch, shape);
        double[][] p = Evaluator.softmaxRows(logits, labels.size());
        Prediction[] out = new Prediction[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = new Prediction(labels, p[i]);
        }
        return List.of(out);
    }

    /** The model's input for one clip: the preparation of {@code predict}, then the model's features. */
    private Example prepare(float[] samples, int sampleRate) {
        float[] waveform = preparer.prepare(AudioClip.ofMono(samples, sampleRate));
        return features.apply(Example.waveform(waveform, 0), new SplittableRandom(0));
    }

    private float[] run(float[] input, int[] shape) {
        running.acquireUninterruptibly();
        try {
            return plan.forward(input, shape);
        } finally {
            running.release();
        }
    }

    /** Frees the plan's pooled buffers. */
    @Override
    public void close() {
        plan.close();
    }
}
