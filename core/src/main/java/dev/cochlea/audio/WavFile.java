package dev.cochlea.audio;

import dev.cochlea.io.ByteSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An open WAV file whose header has been read and checked, from which a prefix of the frames, or any run of frames,
 * can be decoded: what a pipeline that uses only the first seconds of each clip needs, or one that streams a long
 * recording chunk by chunk, at a cost bounded by what it uses rather than by the file's size (like soundfile's
 * {@code SoundFile} with {@code frames=}, or its {@code blocks()}).
 *
 * <pre>{@code
 * try (WavFile wav = WavFile.open(path)) {
 *     int rate = wav.format().sampleRate();
 *     AudioClip firstTwoSeconds = wav.readMono(2L * rate);
 *     float[] chunk = new float[rate / 10];
 *     long at = 0;
 *     for (int n; (n = wav.readMono(at, chunk, 0, chunk.length)) > 0; at += n) {
 *         process(chunk, n); // a tenth of a second at a time, however long the file
 *     }
 * }
 * }</pre>
 */
public final class WavFile implements Closeable {
    private final FileChannel channel;
    private final WavReader reader;

    private WavFile(FileChannel channel, WavReader reader) {
        this.channel = channel;
        this.reader = reader;
    }

    /**
     * Opens a regular file and checks its header; throws {@link AudioFormatException} (naming the file) when it is
     * not a WAV file Cochlea decodes, {@link NoSuchFileException} when it is absent.
     */
    public static WavFile open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "no such WAV file");
        }
        if (!Files.isRegularFile(path)) {
            throw new AudioFormatException(path.toString(), "not a regular file");
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new WavFile(channel, WavReader.open(ByteSource.of(channel), path.toString()));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What the header says. */
    public WavFormat format() {
        return reader.format();
    }

    /** The first {@code maxFrames} frames (or all, when there are fewer), one array per channel. */
    public AudioClip read(long maxFrames) throws IOException {
        return reader.read(maxFrames);
    }

    /** The first {@code maxFrames} frames mixed to one channel, as {@link AudioClip#mono()} mixes them. */
    public AudioClip readMono(long maxFrames) throws IOException {
        return reader.readMono(maxFrames);
    }

    /**
     * Decodes up to {@code count} frames starting at frame {@code firstFrame}, mixed to mono as {@link #readMono(long)}
     * mixes them, into {@code dst} from {@code offset}. Returns how many frames were decoded: {@code count}, fewer
     * when the data ends first, 0 when {@code firstFrame} is at or past its end. Only those frames are read, so a
     * caller that reuses {@code dst} streams a file of any length in the memory of one chunk.
     *
     * @throws AudioFormatException naming the file, when a sample is not finite
     */
    public int readMono(long firstFrame, float[] dst, int offset, int count) throws IOException {
        return reader.readMono(firstFrame, dst, offset, count);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
