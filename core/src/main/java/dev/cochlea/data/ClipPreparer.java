package dev.cochlea.data;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.Wav;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an audio file into a model's input: decode the WAV (integers scaled as torchaudio and scipy do, int16 by
 * 1/32768), mix to mono, resample to the model's rate with torchaudio's windowed-sinc filter, then zero-pad at the
 * end or crop to the model's input length. A model trained in PyTorch on the same recipe sees the same numbers.
 * Thread-safe: resamplers are built once per source rate and shared.
 */
public final class ClipPreparer {
    private final int sampleRate;
    private final int length;
    private final Map<Integer, Resample> resamplers = new ConcurrentHashMap<>();

    /**
     * @param sampleRate the model's sample rate in Hz (16000 for the speech models)
     * @param length     the model's input length in samples (32000 for the seed network)
     */
    public ClipPreparer(int sampleRate, int length) {
        if (sampleRate < 1 || length < 1) {
            throw new IllegalArgumentException("sample rate and length must be >= 1, got " + sampleRate + " Hz and "
                    + length + " samples");
        }
        this.sampleRate = sampleRate;
        this.length = length;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int length() {
        return length;
    }

    /** Reads and prepares one file; an unreadable file raises an exception naming it. */
    public float[] prepare(Path file) throws IOException {
        return prepare(Wav.read(file));
    }

    public float[] prepare(AudioClip clip) {
        return padOrCrop(resampleMono(clip), length);
    }

    /** The clip mixed to mono at the model's rate, at its own length. */
    public float[] resampleMono(AudioClip clip) {
        float[] mono = clip.mono();
        if (clip.sampleRate() == sampleRate) {
            return mono;
        }
        return resamplers.computeIfAbsent(clip.sampleRate(), rate -> new Resample(rate, sampleRate)).apply(mono);
    }

    /** The first {@code length} samples, zero-padded at the end when the clip is shorter. */
    public static float[] padOrCrop(float[] samples, int length) {
        return samples.length == length ? samples : Arrays.copyOf(samples, length);
    }
}
