package dev.cochlea.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Reading and writing WAV files: PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float 32/64, any
 * number of channels and any sample rate, plain or WAVE_FORMAT_EXTENSIBLE headers. Samples come back
 * as floats scaled like torchaudio's {@code load(normalize=True)}; see {@link SampleEncoding}.
 *
 * <pre>{@code
 * AudioClip clip = Wav.read(Path.of("0_jackson_0.wav"));
 * float[] samples = clip.mono();           // mean of the channels
 * Wav.write(Path.of("out.wav"), samples, clip.sampleRate(), SampleEncoding.PCM_S16);
 * }</pre>
 *
 * Files are read whole into memory: WAVs for training are small, and this keeps parsing simple.
 */
public final class Wav {
    private Wav() {
    }

    /** Decodes a WAV file; throws {@link AudioFormatException} (naming the file) when it cannot. */
    public static AudioClip read(Path path) throws IOException {
        return WavReader.read(readBytes(path), path.toString());
    }

    /** Decodes a WAV stream (read to its end, not closed); {@code name} labels error messages. */
    public static AudioClip read(InputStream in, String name) throws IOException {
        return WavReader.read(in.readAllBytes(), name);
    }

    /** Decodes WAV bytes; {@code name} labels error messages. */
    public static AudioClip read(byte[] bytes, String name) throws AudioFormatException {
        return WavReader.read(bytes, name);
    }

    /** Reads only what the header says (encoding, channels, rate, frame count), checking it is decodable. */
    public static WavFormat probe(Path path) throws IOException {
        return WavReader.probe(readBytes(path), path.toString());
    }

    /** Writes a mono clip. */
    public static void write(Path path, float[] samples, int sampleRate, SampleEncoding encoding) throws IOException {
        write(path, AudioClip.ofMono(samples, sampleRate), encoding);
    }

    /**
     * Writes a clip atomically: the bytes go to a temporary file beside {@code path}, which is then
     * renamed over it, so a reader never sees a half-written file. PCM encodings round and clamp
     * samples outside [-1, 1).
     */
    public static void write(Path path, AudioClip clip, SampleEncoding encoding) throws IOException {
        byte[] bytes = toBytes(clip, encoding);
        Path target = path.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The bytes of a WAV file holding {@code clip}. */
    public static byte[] toBytes(AudioClip clip, SampleEncoding encoding) {
        return WavWriter.encode(clip, encoding);
    }

    private static byte[] readBytes(Path path) throws IOException {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "no such WAV file");
        }
    }
}
