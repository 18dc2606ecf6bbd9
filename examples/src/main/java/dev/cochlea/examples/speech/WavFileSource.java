package dev.cochlea.examples.speech;

import dev.cochlea.audio.WavFile;
import java.io.IOException;

/**
 * A WAV file fed to a {@link Listener} chunk by chunk: frames are decoded through {@link WavFile}'s random access a
 * chunk at a time and mixed to mono, so a recording of any length costs the memory of one chunk (the listener holds
 * its window and a batch), as standard input and a microphone do through {@link PcmSource}.
 */
final class WavFileSource {
    /** Frames decoded per read: about half a second at 16 kHz. */
    static final int CHUNK_FRAMES = 8192;

    private WavFileSource() {}

    /** Reads until the data ends or {@code maxFrames} (negative: no limit); returns the frames read. */
    static long pump(WavFile wav, Listener listener, long maxFrames) throws IOException {
        float[] chunk = new float[CHUNK_FRAMES];
        long total = 0;
        while (maxFrames < 0 || total < maxFrames) {
            int want = (int) (maxFrames < 0 ? CHUNK_FRAMES : Math.min(CHUNK_FRAMES, maxFrames - total));
            int n = wav.readMono(total, chunk, 0, want);
            if (n == 0) {
                break;
            }
            listener.accept(chunk, 0, n);
            total += n;
        }
        return total;
    }
}
