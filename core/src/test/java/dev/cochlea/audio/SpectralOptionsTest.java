package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Options the golden files do not cover, checked against the maths they implement. */
class SpectralOptionsTest {

    private static float[] ramp(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(0.37 * i) * (1 + i % 5) / 6f;
        }
        return x;
    }

    @Test
    void padModesExtendLikeTorch() {
        float[] x = {1, 2, 3, 4};
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 4, 3, 2}, PadMode.REFLECT.pad(x, 2, 2));
        assertArrayEquals(new float[] {1, 1, 1, 2, 3, 4, 4, 4}, PadMode.REPLICATE.pad(x, 2, 2));
        assertArrayEquals(new float[] {3, 4, 1, 2, 3, 4, 1, 2}, PadMode.CIRCULAR.pad(x, 2, 2));
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 0, 0}, PadMode.CONSTANT.pad(x, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PadMode.REFLECT.pad(x, 4, 4));
        assertEquals("reflect padding of 4 samples needs an input longer than that, got 4 samples", e.getMessage());
    }

    @Test
    void windowsArePeriodicByDefault() {
        double[] hann = WindowFunction.HANN.create(4, true);
        assertArrayEquals(new double[] {0, 0.5, 1, 0.5}, hann, 1e-12);
        assertArrayEquals(new double[] {0, 0.75, 0.75, 0}, WindowFunction.HANN.create(4, false), 1e-12);
        assertArrayEquals(new double[] {0.08, 0.54, 1, 0.54}, WindowFunction.HAMMING.create(4, true), 1e-12);
        assertArrayEquals(new double[] {1, 1, 1}, WindowFunction.RECTANGULAR.create(3, true), 0);
    }

    @Test
    void rectangularFullSpectrumIsTheDft() {
        float[] x = ramp(16);
        Spectrogram spec = Spectrogram.builder()
                .nFft(16)
                .hopLength(16)
                .windowFn(WindowFunction.RECTANGULAR)
                .center(false)
                .onesided(false)
                .power(1)
                .build();
        float[][] out = spec.apply(x);
        assertEquals(16, out.length);
        assertEquals(1, out[0].length);
        for (int k = 0; k < 16; k++) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < 16; n++) {
                re += x[n] * Math.cos(2 * Math.PI * k * n / 16);
                im -= x[n] * Math.sin(2 * Math.PI * k * n / 16);
            }
            assertEquals(Math.hypot(re, im), out[k][0], 1e-5, "bin " + k);
        }
    }

    @Test
    void normalizedDividesByTheWindowNorm() {
        float[] x = ramp(1000);
        float[][] plain = Spectrogram.builder().nFft(64).build().apply(x);
        float[][] normalized =
                Spectrogram.builder().nFft(64).normalized(true).build().apply(x);
        double energy = 0;
        for (double w : WindowFunction.HANN.create(64, true)) {
            energy += w * w;
        }
        for (int k = 0; k < plain.length; k++) {
            for (int t = 0; t < plain[k].length; t++) {
                assertEquals(plain[k][t] / energy, normalized[k][t], 1e-5 * plain[k][t] / energy + 1e-12);
            }
        }
    }

    @Test
    void framesAndPadding() {
        Spectrogram spec = Spectrogram.builder().nFft(400).build();
        assertEquals(201, spec.numFreqs());
        assertEquals(200, spec.hopLength());
        assertEquals(41, spec.numFrames(8000));
        assertEquals(41, spec.apply(ramp(8000))[0].length);
        Spectrogram padded =
                Spectrogram.builder().nFft(64).pad(10).center(false).build();
        assertEquals(padded.numFrames(100), padded.apply(ramp(100))[0].length);
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class, () -> spec.apply(ramp(150)));
        assertTrue(tooShort.getMessage().contains("reflect padding of 200"), tooShort.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Spectrogram.builder().nFft(64).winLength(65).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> Spectrogram.builder().power(0).build());
    }

    @Test
    void mfccRejectsMoreCoefficientsThanMels() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> MFCC.builder().nMfcc(50).melkwargs(m -> m.nMels(40)).build());
        assertEquals("n_mfcc must be in [1, n_mels=40], got 50", e.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> MFCC.builder().dctType(3).build());
    }

    @Test
    void melScaleRoundTripsFrequencies() {
        for (MelScaleType scale : MelScaleType.values()) {
            for (double hz : new double[] {0, 300, 999, 1000, 4000, 22050}) {
                assertEquals(hz, scale.melToHz(scale.hzToMel(hz)), 1e-9 * (1 + hz), scale + " at " + hz);
            }
        }
        assertEquals(1000, MelScaleType.HTK.hzToMel(1000), 0.5, "HTK puts 1 kHz near 1000 mel");
        assertEquals(15, MelScaleType.SLANEY.hzToMel(1000), 1e-12, "Slaney: 1 kHz = 15 mel");
    }

    @Test
    void sharedInstancesAreThreadSafe() throws Exception {
        MFCC mfcc = MFCC.builder()
                .sampleRate(8000)
                .melkwargs(m -> m.nFft(256).nMels(40))
                .build();
        List<float[]> inputs = new ArrayList<>();
        List<float[][]> serial = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            float[] x = ramp(2000 + 97 * i);
            inputs.add(x);
            serial.add(mfcc.apply(x));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (float[] x : inputs) {
                    results.add(pool.submit(() -> mfcc.apply(x)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                float[][] expected = serial.get(i % inputs.size());
                float[][] actual = results.get(i).get();
                for (int k = 0; k < expected.length; k++) {
                    assertArrayEquals(expected[k], actual[k], "task " + i + " row " + k);
                }
            }
        } finally {
            pool.shutdown();
        }
    }
}
