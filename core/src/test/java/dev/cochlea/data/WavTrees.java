package dev.cochlea.data;

import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny WAV files for reader tests: a short sine whose frequency encodes a number. */
final class WavTrees {
    private WavTrees() {}

    static Path wav(Path file, int sampleRate, int frames, double hz) {
        float[] samples = new float[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / sampleRate));
        }
        try {
            Files.createDirectories(file.getParent());
            Wav.write(file, samples, sampleRate, SampleEncoding.PCM_S16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path wav(Path file) {
        return wav(file, 8000, 400, 440);
    }

    /** The default tiny WAV at each of {@code files}, relative to {@code root}: a dataset's tree in one call. */
    static void wavs(Path root, String... files) {
        for (String file : files) {
            wav(root.resolve(file));
        }
    }

    static void text(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
    }
}
