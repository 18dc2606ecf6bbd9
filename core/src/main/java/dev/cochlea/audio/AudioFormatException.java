package dev.cochlea.audio;

import java.io.IOException;

/**
 * A file that is not audio Cochlea can decode: not RIFF/WAVE, an unsupported encoding, or damaged.
 * The message always names the file (or stream) and the reason, e.g.
 * {@code "clip.wav: unsupported format tag 0x0055 (MPEG Layer III)"}.
 */
public class AudioFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public AudioFormatException(String source, String reason) {
        super(source + ": " + reason);
    }
}
