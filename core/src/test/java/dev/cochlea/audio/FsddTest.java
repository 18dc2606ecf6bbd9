package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cochlea.data.FsddLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Real speech from the Free Spoken Digit Dataset (8 kHz mono 16-bit), which is not in the repository.
 * Its location is the system property {@code cochlea.fsdd} or else the first {@code shared/data/fsdd}
 * found walking up from the working directory (the repository lives beside {@code shared/}). Tests skip
 * with a message when it is absent.
 */
class FsddTest {
    private static Path clip(String name) {
        Path root = FsddLocation.require("the real-data test");
        Path file = root.resolve("recordings").resolve(name);
        assumeTrue(Files.isRegularFile(file), "FSDD clip " + file + " is absent; skipping the real-data test");
        return file;
    }

    @Test
    void readsARealRecording() throws IOException {
        Path file = clip("0_jackson_0.wav");
        AudioClip clip = Wav.read(file);
        assertEquals(new WavFormat(SampleEncoding.PCM_S16, 1, 8000, clip.numFrames()), Wav.probe(file));
        // 0_jackson_0.wav holds 0x2838 = 10296 data bytes (see its header), 5148 frames.
        assertEquals(5148, clip.numFrames());
        assertEquals(Files.size(file) - 44, clip.numFrames() * 2L);
        float peak = 0;
        for (float v : clip.channel(0)) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak > 0.05 && peak <= 1, "speech has a plausible peak: " + peak);
    }

    @Test
    void mfccOfARealRecordingMatchesTorchaudio() throws IOException {
        AudioClip clip = Wav.read(clip("0_jackson_0.wav"));
        MFCC mfcc = MFCC.builder()
                .sampleRate(clip.sampleRate())
                .nMfcc(40)
                .melkwargs(m -> m.nFft(256).hopLength(128).nMels(40))
                .build();
        float[][] expected = Golden.npy("fsdd_0_jackson_0_mfcc.npy").matrix();
        double error = Golden.maxAbsDiff(expected, mfcc.apply(clip.mono()));
        assertTrue(error < 2e-3, "MFCC max abs error " + error);
    }
}
