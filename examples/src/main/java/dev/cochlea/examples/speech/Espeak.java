package dev.cochlea.examples.speech;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the espeak-ng program to speak a phrase into a WAV file. */
final class Espeak {
    static final String INSTALL_HINT = "espeak-ng is not installed; install it with: apt-get install espeak-ng";

    private final String program;

    Espeak(String program) {
        this.program = program;
    }

    /** Fails with the install hint when the program cannot be started. */
    void requireInstalled() {
        try {
            Process p = new ProcessBuilder(program, "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new CliException(INSTALL_HINT + " (" + program + " --version failed)");
            }
        } catch (IOException e) {
            throw new CliException(INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while checking for espeak-ng");
        }
    }

    /** The phrase spoken by the speaker, as espeak-ng renders it (22050 Hz mono). */
    AudioClip speak(String text, SyntheticSpeaker speaker, Path tmpDir) throws IOException {
        Path out = Files.createTempFile(tmpDir, "espeak", ".wav");
        try {
            Process p = new ProcessBuilder(List.of(
                            program,
                            "-v",
                            speaker.voice(),
                            "-p",
                            Integer.toString(speaker.pitch()),
                            "-s",
                            Integer.toString(speaker.rate()),
                            "-w",
                            out.toString(),
                            text))
                    .redirectErrorStream(true)
                    .start();
            String messages = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("espeak-ng failed for voice " + speaker.voice() + ": " + messages.strip());
            }
            return Wav.read(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running espeak-ng", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
