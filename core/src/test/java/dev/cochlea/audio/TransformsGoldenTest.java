package dev.cochlea.audio;

import static dev.cochlea.audio.TransformsGoldenTest.Error.ABSOLUTE;
import static dev.cochlea.audio.TransformsGoldenTest.Error.RELATIVE_TO_MAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spectrogram, MelSpectrogram, MFCC and AmplitudeToDB against torchaudio 0.13 (golden files from
 * tools/golden/make_audio_golden.py). torchaudio works in float32 and we in double, so linear
 * outputs agree to ~1e-6 of their maximum; we assert 1e-4 of the maximum. dB values and MFCCs
 * (which are sums of dB values) are compared in absolute terms: 1e-3 dB, and 2e-3 for MFCCs.
 */
class TransformsGoldenTest {

    /** How an output's distance from its golden is measured. */
    enum Error {
        /** For linear outputs: the largest difference, relative to the golden's largest magnitude. */
        RELATIVE_TO_MAX,
        /** For dB values, MFCCs and matrices of bounded weights: the largest absolute difference. */
        ABSOLUTE;

        double of(float[][] expected, float[][] actual) {
            double largest = Golden.maxAbsDiff(expected, actual);
            return this == RELATIVE_TO_MAX ? largest / Golden.maxAbs(expected) : largest;
        }
    }

    /** A transform's output, computed when its case runs. */
    @FunctionalInterface
    interface Output {
        float[][] compute() throws IOException;
    }

    /** One comparison: torchaudio's call, its golden file, and how close our output must come. */
    record Case(String what, String golden, Error error, double tolerance, Output output) {
        @Override
        public String toString() {
            return what;
        }
    }

    private static float[] signal16k() throws IOException {
        return Golden.npy("signal_16k.npy").data();
    }

    private static float[] wav8k() throws IOException {
        return Wav.read(Golden.resource("pcm_s16_8k_mono.wav")).channel(0);
    }

    private static float[][] spectrogramGolden() throws IOException {
        return Golden.npy("spectrogram_default.npy").matrix();
    }

    private static void assertNear(String what, String golden, float[][] actual, Error error, double tolerance)
            throws IOException {
        float[][] expected = Golden.npy(golden).matrix();
        assertEquals(expected.length, actual.length, what + ": rows");
        assertEquals(expected[0].length, actual[0].length, what + ": frames");
        double distance = error.of(expected, actual);
        assertTrue(distance < tolerance, what + ": " + error + " error " + distance + " >= " + tolerance);
    }

    @Test
    void spectrogramDefaultsMatchTorchaudio() throws IOException {
        Spectrogram spectrogram = Spectrogram.builder().build();
        float[][] actual = spectrogram.apply(signal16k());
        assertArrayEquals(new int[] {201, 9}, new int[] {actual.length, actual[0].length});
        assertEquals(9, spectrogram.numFrames(1600));
        assertNear("Spectrogram()", "spectrogram_default.npy", actual, RELATIVE_TO_MAX, 1e-4);
    }

    @Test
    void spectrogramShortWindowMagnitudeUncentredMatchesTorchaudio() throws IOException {
        Spectrogram spectrogram = Spectrogram.builder()
                .nFft(256)
                .winLength(200)
                .hopLength(80)
                .power(1.0)
                .center(false)
                .build();
        float[][] actual = spectrogram.apply(wav8k());
        assertEquals(spectrogram.numFrames(800), actual[0].length);
        assertNear(
                "Spectrogram(n_fft=256, win_length=200, hop_length=80, power=1, center=False)",
                "spectrogram_8k_custom.npy",
                actual,
                RELATIVE_TO_MAX,
                1e-4);
    }

    static Stream<Case> transforms() {
        return Stream.of(
                // torchaudio builds the filter edges in float32 (ulp ~5e-4 Hz at 8 kHz) and divides by edge gaps of
                // ~20 Hz, so its weights (at most 1) carry errors of ~1e-5; we compute in double.
                new Case(
                        "melscale_fbanks(201, 0, 8000, 128, 16000)",
                        "melscale_fbanks_default.npy",
                        ABSOLUTE,
                        5e-5,
                        () -> toFloat(
                                MelScale.melscaleFbanks(201, 0, 8000, 128, 16000, MelNorm.NONE, MelScaleType.HTK))),
                new Case(
                        "MelSpectrogram()",
                        "melspectrogram_default.npy",
                        RELATIVE_TO_MAX,
                        1e-4,
                        () -> MelSpectrogram.builder().build().apply(signal16k())),
                new Case(
                        "MelSpectrogram(8 kHz, Slaney)",
                        "melspectrogram_8k_custom.npy",
                        RELATIVE_TO_MAX,
                        1e-4,
                        () -> MelSpectrogram.builder()
                                .sampleRate(8000)
                                .nFft(256)
                                .winLength(200)
                                .hopLength(80)
                                .fMin(20)
                                .fMax(3800)
                                .nMels(40)
                                .padMode(PadMode.CONSTANT)
                                .norm(MelNorm.SLANEY)
                                .melScale(MelScaleType.SLANEY)
                                .build()
                                .apply(wav8k())),
                // torchaudio evaluates cos in float32 at arguments up to ~122 rad (ulp ~8e-6), times sqrt(2/128).
                new Case(
                        "create_dct(40, 128, 'ortho')",
                        "create_dct_40_128_ortho.npy",
                        ABSOLUTE,
                        5e-6,
                        () -> toFloat(MFCC.createDct(40, 128, MFCC.DctNorm.ORTHO))),
                new Case(
                        "MFCC()",
                        "mfcc_default.npy",
                        ABSOLUTE,
                        2e-3,
                        () -> MFCC.builder().build().apply(signal16k())),
                new Case(
                        "MFCC(8 kHz, log_mels)",
                        "mfcc_8k_custom.npy",
                        ABSOLUTE,
                        2e-3,
                        () -> MFCC.builder()
                                .sampleRate(8000)
                                .nMfcc(13)
                                .logMels(true)
                                .melkwargs(m -> m.nFft(256).hopLength(80).nMels(40))
                                .build()
                                .apply(wav8k())),
                new Case(
                        "AmplitudeToDB('power', top_db=80)",
                        "amplitude_to_db_power_top80.npy",
                        ABSOLUTE,
                        1e-3,
                        () -> new AmplitudeToDB(AmplitudeToDB.SType.POWER, 80.0).apply(spectrogramGolden())),
                new Case(
                        "AmplitudeToDB('magnitude')",
                        "amplitude_to_db_magnitude.npy",
                        ABSOLUTE,
                        1e-3,
                        () -> new AmplitudeToDB(AmplitudeToDB.SType.MAGNITUDE).apply(spectrogramGolden())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transforms")
    void matchesTorchaudio(Case c) throws IOException {
        assertNear(c.what(), c.golden(), c.output().compute(), c.error(), c.tolerance());
    }

    /** A double matrix rounded to float, to compare with a float32 golden. */
    private static float[][] toFloat(double[][] m) {
        float[][] out = new float[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = new float[m[r].length];
            for (int c = 0; c < m[r].length; c++) {
                out[r][c] = (float) m[r][c];
            }
        }
        return out;
    }
}
