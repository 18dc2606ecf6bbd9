package dev.cochlea.audio;

import dev.cochlea.io.AtomicWrite;
import dev.cochlea.io.ByteSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reading and writing WAV files: PCM 8-bit unsigned, 16/24/32-bit signed, IEEE float 32/64, 1 to 64 channels, sample
 * rates from 1 kHz to 768 kHz, plain or WAVE_FORMAT_EXTENSIBLE headers. Samples come back as floats scaled like
 * torchaudio's {@code load(normalize=True)}; see {@link SampleEncoding}. A file with no frames, or with NaN or
 * infinite samples, is refused.
 *
 * <pre>{@code
 * AudioClip clip = Wav.read(Path.of("0_jackson_0.wav"));
 * float[] samples = clip.mono();           // mean of the channels
 * Wav.write(Path.of("out.wav"), samples, clip.sampleRate(), SampleEncoding.PCM_S16);
 * }</pre>
 *
 * Files are read through random access: only the chunk headers and the frames asked for are read, so
 * {@link #read(Path, long)} and {@link WavFile} cost the same for a 2 GB file as for a short one.
 */
public final class Wav {
    /** The most bytes {@link #read(InputStream, String)} holds in memory. */
    public static final int MAX_STREAM_BYTES = 64 << 20;

    private Wav() {}

    /** Decodes a whole WAV file; throws {@link AudioFormatException} (naming the file) when it cannot. */
    public static AudioClip read(Path path) throws IOException {
        return read(path, Long.MAX_VALUE);
    }

    /** Decodes the first {@code maxFrames} frames of a WAV file (all of them when it has fewer). */
    public static AudioClip read(Path path, long maxFrames) throws IOException {
        try (WavFile wav = WavFile.open(path)) {
            return wav.read(maxFrames);
        }
    }

    /**
     * Decodes a WAV stream (read to its end, not closed); {@code name} labels error messages. The stream is held in
     * memory, so it may hold at most {@value #MAX_STREAM_BYTES} bytes; read longer files from a path.
     */
    public static AudioClip read(InputStream in, String name) throws IOException {
        byte[] bytes = in.readNBytes(MAX_STREAM_BYTES + 1);
        if (bytes.length > MAX_STREAM_BYTES) {
            throw new AudioFormatException(
                    name, "stream longer than " + MAX_STREAM_BYTES + " bytes; read it " + "from a file");
        }
        return read(bytes, name);
    }

    /** Decodes WAV bytes; {@code name} labels error messages. */
    public static AudioClip read(byte[] bytes, String name) throws AudioFormatException {
        try {
            return WavReader.open(ByteSource.of(bytes), name).read(Long.MAX_VALUE);
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new AudioFormatException(name, e.getMessage()); // the array ended early: a truncated file
        }
    }

    /** Reads only what the header says (encoding, channels, rate, frame count), checking it is decodable. */
    public static WavFormat probe(Path path) throws IOException {
        try (WavFile wav = WavFile.open(path)) {
            return wav.format();
        }
    }
    /** Writes a mono clip. */
    public static void write(Path path, float[] samples, int sampleRate, SampleEncoding encoding) throws IOException {
        write(path, AudioClip.ofMono(samples, sampleRate), encoding);
    }

    /**
     * Writes a clip atomically (see {@link AtomicWrite}): the bytes go to a temporary file beside {@code path},
     * which is flushed and then renamed over it, so a reader never sees a half-written file. PCM encodings round
     * and clamp
     * samples outside [-1, 1).
     */
    public static void write(Path path, AudioClip clip, SampleEncoding encoding) throws IOException {
        AtomicWrite.write(path, toBytes(clip, encoding));
    }

    /** The bytes of a WAV file holding {@code clip}. */
    public static byte[] toBytes(AudioClip clip, SampleEncoding encoding) {
        return WavWriter.encode(clip, encoding);
    }
}
