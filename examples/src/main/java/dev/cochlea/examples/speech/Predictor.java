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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;

/**
 * A trained speech model ready for a service: load a checkpoint once, then call {@link #predict} from any number of
 * threads. Each clip goes through the same preparation as {@code predict} (mono, resampled to the model's rate with
 * torchaudio's filter, zero-padded or cropped to the model's input, then the model's features), and the model runs as
 * a compiled {@link InferencePlan} (batch norm folded, conv blocks fused, no autograd).
 *
 * <p>Memory is bounded whatever the number of threads: at most {@code maxConcurrent} model calls prepare their inputs
 * and run at once (the others wait), each on at most {@value #MAX_BATCH} clips. A call borrows one arena of activation
 * buffers from the plan and returns it, and arenas are made only when none is idle, so at most {@code maxConcurrent}
 * exist; each grows to the largest batch it has run ({@value #MAX_BATCH} clips, or the CPU's micro-batch) and is kept
 * for later calls until {@link #close}. A running call also holds its batch's inputs and a copy of the clip it is
 * preparing (a clip longer than the model's input is resampled whole before it is cropped); each caller holds its
 * own clips and results.
 * <pre>{@code
 * try (Predictor p = Predictor.load(Path.of("best.safetensors"))) {
 *     Prediction r = p.predict(samples, 16000);
 *     System.out.println(r.bestLabel() + " " + r.bestProbability());
 * }
 * }</pre>
 */
public final class Predictor implements AutoCloseable {
    /** The most clips one model call takes (a larger {@link #predictAll} runs in batches of this many). */
    public static final int MAX_BATCH = 32;

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

    /**
     * Probabilities for several mono clips at {@code sampleRate} Hz, run as batches of at most {@value #MAX_BATCH}.
     * Thread-safe.
     */
    public List<Prediction> predictAll(List<float[]> clips, int sampleRate) {
        List<Prediction> out = new ArrayList<>(clips.size());
        for (int from = 0; from < clips.size(); from += MAX_BATCH) {
            out.addAll(predictBatch(clips.subList(from, Math.min(clips.size(), from + MAX_BATCH)), sampleRate));
        }
        return Collections.unmodifiableList(out);
    }

    /** One model call, holding a permit while its inputs are prepared and run. */
    private List<Prediction> predictBatch(List<float[]> clips, int sampleRate) {
        float[] logits;
        running.acquireUninterruptibly();
        try {
            float[] batch = null;
            int[] shape = null;
            for (int i = 0; i < clips.size(); i++) {
                Example e = prepare(clips.get(i), sampleRate);
                if (batch == null) {
                    batch = new float[clips.size() * e.data().length];
                    shape = new int[e.shape().length + 1];
                    shape[0] = clips.size();
                    System.arraycopy(e.shape(), 0, shape, 1, e.shape().length);
                }
                System.arraycopy(e.data(), 0, batch, i * e.data().length, e.data().length);
            }
            logits = plan.forward(batch, shape);
        } finally {
            running.release();
        }
        double[][] p = Evaluator.softmaxRows(logits, labels.size());
        List<Prediction> out = new ArrayList<>(p.length);
        for (double[] row : p) {
            out.add(new Prediction(labels, row));
        }
        return out;
    }

    /**
     * Checks that clips at {@code sampleRate} Hz can be prepared (resampled to the model's rate), by preparing a
     * silent one; throws {@link IllegalArgumentException} saying why not. Lets a stream be refused before it starts.
     */
    public void requireSampleRate(int sampleRate) {
        prepare(new float[1], sampleRate);
    }

    /** The model's input for one clip: the preparation of {@code predict}, then the model's features. */
    private Example prepare(float[] samples, int sampleRate) {
        float[] waveform = preparer.prepare(AudioClip.ofMono(samples, sampleRate));
        return features.apply(Example.waveform(waveform, 0), new SplittableRandom(0));
    }

    /** Frees the plan's pooled buffers. */
    @Override
    public void close() {
        plan.close();
    }
}
