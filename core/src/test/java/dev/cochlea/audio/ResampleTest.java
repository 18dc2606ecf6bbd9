package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Resample against torchaudio 0.13's functional.resample (golden files), to 1e-5 absolute. */
class ResampleTest {
    private static final double TOLERANCE = 1e-5;

    private static void assertMatches(String golden, float[] actual) throws IOException {
        float[] expected = Golden.npy(golden).data();
        double error = Golden.maxAbsDiff(expected, actual);
        assertTrue(error < TOLERANCE, golden + ": max abs error " + error);
    }

    private static float[] wav(String name) throws IOException {
        return Wav.read(Golden.resource(name)).channel(0);
    }

    @Test
    void applyIntoWritesTheSameValuesPaddedOrCroppedAndTouchesNothingElse() {
        float[] x = new float[1003];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.05 * i) + (i % 7) * 0.01f;
        }
        for (int[] rates : new int[][] {{8000, 16000}, {44100, 16000}, {16000, 16000}}) {
            Resample resample = new Resample(rates[0], rates[1]);
            for (int length : new int[] {0, 1, 500, 1003}) {
                float[] whole = resample.apply(java.util.Arrays.copyOf(x, length));
                for (int count : new int[] {0, 7, whole.length, whole.length + 50}) {
                    float[] out = new float[count + 5];
                    java.util.Arrays.fill(out, Float.NaN); // a previous clip's values must not survive
                    resample.apply(x, length, out, 2, count);
                    String what = rates[0] + " Hz -> " + rates[1] + " Hz, " + length + " samples, " + count + " out";
                    for (int i = 0; i < count; i++) {
                        float expected = i < whole.length ? whole[i] : 0f;
                        assertEquals(expected, out[2 + i], 0f, what + ", sample " + i);
                    }
                    assertTrue(Float.isNaN(out[0]) && Float.isNaN(out[1]), what + ": wrote before the offset");
                    for (int i = 2 + count; i < out.length; i++) {
                        assertTrue(Float.isNaN(out[i]), what + ": wrote past the count");
                    }
                }
            }
        }
    }

    @Test
    void upsamples8kTo16k() throws IOException {
        float[] x = wav("pcm_s16_8k_mono.wav");
        float[] y = new Resample(8000, 16000).apply(x);
        assertEquals(1600, y.length);
        assertMatches("resample_8k_to_16k.npy", y);
    }

    @Test
    void downsamples44100To16k() throws IOException {
        float[] x = wav("float32_44k_mono.wav");
        Resample resample = new Resample(44100, 16000);
        float[] y = resample.apply(x);
        assertEquals((int) Math.ceil(2205 * 16000 / 44100.0), y.length);
        assertEquals(y.length, resample.outputLength(x.length));
        assertMatches("resample_44k_to_16k.npy", y);
    }

    @Test
    void downsamples16kTo8k() throws IOException {
        assertMatches(
                "resample_16k_to_8k.npy",
                Resample.resample(Golden.npy("signal_16k.npy").data(), 16000, 8000));
    }

    @Test
    void honoursFilterWidthAndRolloff() throws IOException {
        float[] y = new Resample(8000, 22050, 16, 0.9).apply(wav("pcm_s16_8k_mono.wav"));
        assertEquals(2205, y.length);
        assertMatches("resample_8k_to_22k_w16_r090.npy", y);
    }

    @Test
    void equalRatesCopy() {
        float[] x = {0.1f, -0.2f, 0.3f};
        float[] y = new Resample(16000, 16000).apply(x);
        assertNotSame(x, y);
        assertEquals(0, Golden.maxAbsDiff(x, y));
    }

    @Test
    void shortAndEmptyInputs() {
        Resample up = new Resample(8000, 16000);
        assertEquals(0, up.apply(new float[0]).length);
        assertEquals(2, up.apply(new float[] {0.5f}).length);
        assertEquals(1, new Resample(44100, 16000).apply(new float[] {0.5f}).length);
    }

    @Test
    void rejectsInvalidParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Resample(0, 16000));
        assertThrows(IllegalArgumentException.class, () -> new Resample(8000, 16000, 0, 0.99));
        assertThrows(IllegalArgumentException.class, () -> new Resample(8000, 16000, 6, 1.5));
    }
}
