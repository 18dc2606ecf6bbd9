package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener's result does not depend on how its input is cut: one call with everything, or many calls of any
 * size, give the same detections and classify the same windows, also when the stride skips samples between windows.
 */
class ListenerTest {
    private static final int RATE = 11025;

    @TempDir
    static Path dir;

    static Predictor predictor;

    @BeforeAll
    static void load() throws IOException {
        ListenModel model = ListenModel.copyTo(dir);
        predictor = Predictor.load(model.checkpoint(), model.labels());
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    /** 30 s of silence with a 0.4 s chirp every 3 s, at a rate the model must resample from. */
    private static float[] chirps() {
        float[] x = new float[30 * RATE];
        for (int start = RATE; start + RATE < x.length; start += 3 * RATE) {
            for (int i = 0; i < 0.4 * RATE; i++) {
                x[start + i] = (float) (0.3 * Math.sin(2 * Math.PI * (300 + 2000.0 * i / RATE) * i / RATE));
            }
        }
        return x;
    }

    private record Run(List<Detection> detections, long windows) {}

    private static Run listen(float[] samples, double stride, int... chunks) {
        List<Detection> found = new ArrayList<>();
        Listener listener = new Listener(predictor, RATE, new Listener.Options(stride, 0.0, -50, 4), found::add);
        int at = 0;
        for (int i = 0; at < samples.length; i++) {
            int n = chunks.length == 0 ? samples.length : Math.min(chunks[i % chunks.length], samples.length - at);
            listener.accept(samples, at, n);
            at += n;
        }
        listener.finish();
        return new Run(found, listener.windowsClassified());
    }

    @Test
    void chunksOfAnySizeGiveTheDetectionsOfOneCall() {
        float[] x = chirps();
        for (double stride : new double[] {0.1, 3.7}) { // 3.7 s: longer than the window, samples between are skipped
            Run whole = listen(x, stride);
            assertTrue(whole.windows() > 0, "some windows hold a whole chirp");
            assertFalse(whole.detections().isEmpty(), "threshold 0: every utterance is reported");
            for (int[] chunks : new int[][] {{1}, {333, 7, 4096}, {RATE * 5}}) {
                Run cut = listen(x, stride, chunks);
                assertEquals(whole, cut, "stride " + stride + " s, chunks " + Arrays.toString(chunks));
            }
        }
    }

    @Test
    void aWindowLongerThanAListenerHoldsIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new Listener(predictor, Integer.MAX_VALUE, new Listener.Options(0.1, 0.7, -50, 1), d -> {}));
        assertTrue(e.getMessage().startsWith("cannot listen at 2147483647 Hz"), e.getMessage());
    }
}
