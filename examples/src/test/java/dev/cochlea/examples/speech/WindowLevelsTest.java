package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which windows {@code listen} classifies and where it stamps a sound, on synthetic tone bursts (no dataset needed):
 * a window qualifies only when it holds a whole sound above the level floor, the onset is the burst's first 10 ms
 * frame, and the listener reports one detection per burst however many windows saw it.
 */
class WindowLevelsTest {
    private static final int RATE = 8000;

    /** Silence with 0.4 s bursts of a 300 Hz tone (amplitude 0.3) starting at each of {@code starts} seconds. */
    private static float[] bursts(double seconds, double... starts) {
        float[] x = new float[(int) (seconds * RATE)];
        for (double s : starts) {
            int from = (int) (s * RATE);
            for (int i = from; i < Math.min(x.length, from + (int) (0.4 * RATE)); i++) {
                x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 300 * i / RATE));
            }
        }
        return x;
    }

    @Test
    void aWholeSoundQualifiesAndItsOnsetIsFound() {
        WindowLevels levels = WindowLevels.of(bursts(2, 0.73), RATE);
        assertTrue(levels.qualifies(-50));
        assertEquals(0.73, (double) levels.onsetSample() / RATE, 0.011);
        assertTrue(levels.peakDb() > -15 && levels.peakDb() < -10, "a 0.3 sine is -13.5 dBFS: " + levels.peakDb());
    }

    @Test
    void windowsThatCutASoundOrHoldSilenceDoNot() {
        assertFalse(WindowLevels.of(bursts(2, 0.0), RATE).qualifies(-50), "sound at the start edge");
        assertFalse(WindowLevels.of(bursts(2, 1.8), RATE).qualifies(-50), "sound cut at the end edge");
        assertFalse(WindowLevels.of(new float[2 * RATE], RATE).qualifies(-50), "silence");
        assertFalse(WindowLevels.of(bursts(2, 0.7), RATE).qualifies(-10), "quieter than the floor");
    }

    @Test
    void oneDetectionPerBurstAtItsOnset() throws IOException {
        Path dir = Files.createTempDirectory("listen");
        Path checkpoint = TestResources.copy(TestResources.FSDD_MEL_CHECKPOINT, dir.resolve("mel.safetensors"));
        Path labels = TestResources.copy(TestResources.FSDD_MEL_LABELS, dir.resolve("labels.txt"));
        double[] starts = {1.0, 3.3, 5.05};
        float[] audio = bursts(7, starts);
        List<Detection> found = new ArrayList<>();
        try (Predictor predictor = Predictor.load(checkpoint, labels)) {
            // threshold 0: every classified window counts, whatever the model thinks a tone is
            Listener listener = new Listener(predictor, RATE, new Listener.Options(0.1, 0, -50, 4), found::add);
            for (int i = 0; i < audio.length; i += 1000) {
                listener.accept(audio, i, Math.min(1000, audio.length - i));
            }
            listener.finish();
            assertTrue(listener.windowsClassified() > starts.length, "several windows see each burst");
        } finally {
            for (Path p : new Path[] {checkpoint, labels, dir}) {
                Files.delete(p);
            }
        }
        assertEquals(starts.length, found.size(), found.toString());
        for (int i = 0; i < starts.length; i++) {
            assertEquals(starts[i], found.get(i).seconds(), 0.011, found.toString());
        }
    }
}
