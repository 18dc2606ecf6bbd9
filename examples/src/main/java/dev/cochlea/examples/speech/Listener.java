package dev.cochlea.examples.speech;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Streaming recognition: slides the model's window (2 s for the speech models) over incoming audio with a stride,
 * classifies each window that holds whole sounds (see {@link WindowLevels}), and reports one {@link Detection} per
 * utterance: windows whose sound starts at the same moment (within {@link #SAME_ONSET_SECONDS}) look at the same
 * utterance and are merged, keeping the most probable label at or above the threshold; the time stamp is the
 * utterance's onset. A detection is reported as soon as the window has slid past its onset. Commands need a short
 * pause between them (about 1 s for 0.5 s commands in 2 s windows), so that each lies alone in some window.
 *
 * <p>Feed samples with {@link #accept} as they arrive (any chunk size) and call {@link #finish} at the end; windows
 * beyond the end are zero-padded, as training pads short clips. Not thread-safe (one stream per listener).
 */
public final class Listener {
    static final double SAME_ONSET_SECONDS = 0.3;
    /** The longest window a listener takes: 4 M samples (a 2 s window at 768 kHz, WAV's highest rate, is 1.5 M). */
    static final int MAX_WINDOW_SAMPLES = 1 << 22;

    /** Settings: stride and threshold, the level floor in dBFS, and windows classified per model call. */
    public record Options(double strideSeconds, double threshold, double minLevelDb, int batch) {
        public Options {
            if (!(strideSeconds > 0) || !(threshold >= 0 && threshold <= 1) || batch < 1) {
                throw new IllegalArgumentException("stride must be > 0 s, threshold in [0, 1] and batch >= 1; got "
                        + strideSeconds + " s, " + threshold + ", " + batch);
            }
        }
    }

    private final Predictor predictor;
    private final int sampleRate;
    private final Options options;
    private final Consumer<Detection> sink;
    private final int window;
    private final int stride;
    /** Received samples not yet slid past (windows copy theirs), starting at absolute sample bufferStart. */
    private float[] buffer = new float[0];

    private int buffered;
    private long bufferStart;
    private long nextWindow;
    private final List<float[]> pendingWindows = new ArrayList<>();
    private final List<Long> pendingStarts = new ArrayList<>();
    private final List<Integer> pendingOnsets = new ArrayList<>();
    private Detection open;
    private long windowsClassified;

    /**
     * @param sampleRate the rate of the samples fed to {@link #accept} (each window is resampled to the model's)
     * @param sink       receives each detection, in time order
     */
    public Listener(Predictor predictor, int sampleRate, Options options, Consumer<Detection> sink) {
        this.predictor = predictor;
        this.sampleRate = sampleRate;
        this.options = options;
        this.sink = sink;
        ModelSpec spec = predictor.spec();
        long windowSamples = Math.round((double) spec.inputLength() * sampleRate / spec.sampleRate());
        if (sampleRate < 1 || windowSamples > MAX_WINDOW_SAMPLES) {
            throw new IllegalArgumentException("cannot listen at " + sampleRate + " Hz: the model's "
                    + spec.inputLength() + "-sample window at " + spec.sampleRate() + " Hz would need " + windowSamples
                    + " samples (at most " + MAX_WINDOW_SAMPLES + ")");
        }
        this.window = (int) Math.max(1, windowSamples);
        this.stride = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(options.strideSeconds() * sampleRate)));
    }

    /**
     * Mono samples in [-1, 1] at the listener's rate. However large the call, the listener holds at most two windows
     * of samples and a batch of windows: it takes the samples a window's length at a time, forgets those before the
     * next window's start, and classifies windows as soon as a batch of them is pending.
     */
    public void accept(float[] samples, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, samples.length);
        for (int done = 0; done < count; ) {
            int n = Math.min(count - done, window);
            ensureCapacity(buffered + n);
            System.arraycopy(samples, offset + done, buffer, buffered, n);
            buffered += n;
            done += n;
            dropBeforeNextWindow();
            while (nextWindow + window <= bufferStart + buffered) {
                takeWindow();
            }
        }
    }

    /** The stream ended: classifies the windows that start before its end (zero-padded) and reports what is left. */
    public void finish() {
        long end = bufferStart + buffered;
        while (nextWindow < end) {
            takeWindow();
        }
        classifyPending();
        if (open != null) {
            sink.accept(open);
            open = null;
        }
    }

    /** Windows classified so far (the others were silent or cut a sound). */
    public long windowsClassified() {
        return windowsClassified;
    }

    private void takeWindow() {
        float[] w = new float[window];
        int from = (int) (nextWindow - bufferStart);
        System.arraycopy(buffer, from, w, 0, Math.max(0, Math.min(window, buffered - from)));
        WindowLevels levels = WindowLevels.of(w, sampleRate);
        if (levels.qualifies(options.minLevelDb())) {
            pendingWindows.add(w);
            pendingStarts.add(nextWindow);
            pendingOnsets.add(levels.onsetSample());
            if (pendingWindows.size() >= options.batch()) {
                classifyPending();
            }
        } else if (pendingWindows.isEmpty()) {
            closeIfPassed(nextWindow);
        }
        nextWindow += stride;
        dropBeforeNextWindow();
    }

    /** Forgets the samples before the next window's start (all that are buffered, when a stride skips some). */
    private void dropBeforeNextWindow() {
        int slid = (int) Math.min(buffered, nextWindow - bufferStart);
        if (slid > 0) {
            System.arraycopy(buffer, slid, buffer, 0, buffered - slid);
            buffered -= slid;
            bufferStart += slid;
        }
    }

    private void classifyPending() {
        if (pendingWindows.isEmpty()) {
            return;
        }
        List<Prediction> predictions = predictor.predictAll(pendingWindows, sampleRate);
        windowsClassified += predictions.size();
        for (int i = 0; i < predictions.size(); i++) {
            long start = pendingStarts.get(i);
            closeIfPassed(start);
            Prediction p = predictions.get(i);
            if (p.bestProbability() >= options.threshold()) {
                merge(new Detection(
                        p.bestLabel(), (double) (start + pendingOnsets.get(i)) / sampleRate, p.bestProbability()));
            }
        }
        pendingWindows.clear();
        pendingStarts.clear();
        pendingOnsets.clear();
    }

    /** Reports the open detection once a window starting at {@code start} can no longer hold its onset. */
    private void closeIfPassed(long start) {
        if (open != null && (double) start / sampleRate > open.seconds()) {
            sink.accept(open);
            open = null;
        }
    }

    private void merge(Detection d) {
        if (open != null && Math.abs(d.seconds() - open.seconds()) <= SAME_ONSET_SECONDS) {
            if (d.probability() > open.probability()) {
                open = d;
            }
            return;
        }
        if (open != null) {
            sink.accept(open);
        }
        open = d;
    }

    private void ensureCapacity(int size) {
        if (buffer.length < size) {
            buffer = Arrays.copyOf(buffer, Math.max(size, buffer.length * 2));
        }
    }
}
