package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Spectrogram, MelSpectrogram, MFCC and AmplitudeToDB against torchaudio 0.13 (golden files from
 * tools/golden/make_audio_golden.py). torchaudio works in float32 and we in double, so linear
 * outputs agree to ~1e-6 of their maximum; we assert 1e-4 of the maximum. dB values and MFCCs
 * (which are sums of dB values) are compared in absolute terms: 1e-3 dB, and 2e-3 for MFCCs.
 */
class TransformsGoldenTest {

    private static float[] signal16k() throws IOException {
        return Golden.npy("signal_16k.npy").data();
    }

    private static float[] wav8k() throws IOException {
        return Wav.read(Golden.resource("pcm_s16_8k_mono.wav")).channel(0);
    }

    private static void assertRelativeToMax(String what, float[][] expected, float[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": rows");
        assertEquals(expected[0].length, actual[0].length, what + ": frames");
        double error = Golden.maxAbsDiff(expected, actual) / Golden.maxAbs(expected);
        assertTrue(error < tolerance, what + ": error relative to max " + error + " >= " + tolerance);
    }

    private static void assertAbsolute(String what, float[][] expected, float[][] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what + ": rows");
        assertEquals(expected[0].length, actual[0].length, what + ": frames");
        double error = Golden.maxAbsDiff(expected, actual);
        assertTrue(error < tolerance, what + ": max abs error " + error + " >= " + tolerance);
    }

    @Test
    void spectrogramDefaultsMatchTorchaudio() throws IOException {
        Spectrogram spectrogram = Spectrogram.builder().build();
        float[][] actual = spectrogram.apply(signal16k());
        assertArrayEquals(new int[] {201, 9}, new int[] {actual.length, actual[0].length});
        assertEquals(9, spectrogram.numFrames(1600));
        assertRelativeToMax(
                "Spectrogram()", Golden.npy("spectrogram_default.npy").matrix(), actual, 1e-4);
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
        assertRelativeToMax(
                "Spectrogram(n_fft=256, win_length=200, hop_length=80, power=1, center=False)",
                Golden.npy("spectrogram_8k_custom.npy").matrix(),
                actual,
                1e-4);
    }

    @Test
    void melFilterbankMatchesTorchaudio() throws IOException {
        double[][] fb = MelScale.melscaleFbanks(201, 0, 8000, 128, 16000, MelNorm.NONE, MelScaleType.HTK);
        float[][] actual = toFloat(fb);
        // torchaudio builds the filter edges in float32 (ulp ~5e-4 Hz at 8 kHz) and divides by edge gaps of
        // ~20 Hz, so its weights (at most 1) carry errors of ~1e-5; we compute in double.
        assertAbsolute(
                "melscale_fbanks(201, 0, 8000, 128, 16000)",
                Golden.npy("melscale_fbanks_default.npy").matrix(),
                actual,
                5e-5);
    }

    @Test
    void melSpectrogramDefaultsMatchTorchaudio() throws IOException {
        float[][] actual = MelSpectrogram.builder().build().apply(signal16k());
        assertRelativeToMax(
                "MelSpectrogram()", Golden.npy("melspectrogram_default.npy").matrix(), actual, 1e-4);
    }

    @Test
    void melSpectrogramSlaneyConstantPaddingMatchesTorchaudio() throws IOException {
        MelSpectrogram mel = MelSpectrogram.builder()
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
                .build();
        assertRelativeToMax(
                "MelSpectrogram(8 kHz, Slaney)",
                Golden.npy("melspectrogram_8k_custom.npy").matrix(),
                mel.apply(wav8k()),
                1e-4);
    }

    @Test
    void dctMatrixMatchesTorchaudio() throws IOException {
        double[][] dct = MFCC.createDct(40, 128, MFCC.DctNorm.ORTHO);
        float[][] actual = toFloat(dct);
        // torchaudio evaluates cos in float32 at arguments up to ~122 rad (ulp ~8e-6), times sqrt(2/128).
        assertAbsolute(
                "create_dct(40, 128, 'ortho')",
                Golden.npy("create_dct_40_128_ortho.npy").matrix(),
                actual,
                5e-6);
    }

    @Test
    void mfccDefaultsMatchTorchaudio() throws IOException {
        float[][] actual = MFCC.builder().build().apply(signal16k());
        assertAbsolute("MFCC()", Golden.npy("mfcc_default.npy").matrix(), actual, 2e-3);
    }

    @Test
    void mfccLogMelsWithMelkwargsMatchesTorchaudio() throws IOException {
        MFCC mfcc = MFCC.builder()
                .sampleRate(8000)
                .nMfcc(13)
                .logMels(true)
                .melkwargs(m -> m.nFft(256).hopLength(80).nMels(40))
                .build();
        assertAbsolute("MFCC(8 kHz, log_mels)", Golden.npy("mfcc_8k_custom.npy").matrix(), mfcc.apply(wav8k()), 2e-3);
    }

    @Test
    void amplitudeToDbMatchesTorchaudio() throws IOException {
        float[][] spec = Golden.npy("spectrogram_default.npy").matrix();
        assertAbsolute(
                "AmplitudeToDB('power', top_db=80)",
                Golden.npy("amplitude_to_db_power_top80.npy").matrix(),
                new AmplitudeToDB(AmplitudeToDB.SType.POWER, 80.0).apply(spec),
                1e-3);
        assertAbsolute(
                "AmplitudeToDB('magnitude')",
                Golden.npy("amplitude_to_db_magnitude.npy").matrix(),
                new AmplitudeToDB(AmplitudeToDB.SType.MAGNITUDE).apply(spec),
                1e-3);
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
