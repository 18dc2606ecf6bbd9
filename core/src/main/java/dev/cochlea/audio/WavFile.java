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
 * An open WAV file whose header has been read and checked, from which a prefix of the frames can be decoded: what a
 * pipeline that uses only the first seconds of each clip needs, at a cost bounded by what it uses rather than by the
 * file's size (like soundfile's {@code SoundFile} with {@code frames=}).
 *
 * <pre>{@code
 * try (WavFile wav = WavFile.open(path)) {
 *     int rate = wav.format().sampleRate();
 *     AudioClip firstTwoSeconds = wav.readMono(2L * rate);
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

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
