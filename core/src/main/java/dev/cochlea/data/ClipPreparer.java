package dev.cochlea.data;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.AudioFormatException;
import dev.cochlea.audio.Resample;
import dev.cochlea.audio.WavFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an audio file into a model's input: decode the WAV (integers scaled as torchaudio and scipy do, int16 by
 * 1/32768), mix to mono, resample to the model's rate with torchaudio's windowed-sinc filter, then zero-pad at the
 * end or crop to the model's input length. A model trained in PyTorch on the same recipe sees the same numbers.
 * Thread-safe: resamplers are built once per source rate (the last eight rates are kept) and shared.
 */
public final class ClipPreparer {
    private static final int MAX_CACHED_RATES = 8;
    private final int sampleRate;
    private final int length;
    /** The resamplers of the last few source rates (a folder of hostile files cannot make it grow without end). */
    private final Map<Integer, Resample> resamplers = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Resample> eldest) {
            return size() > MAX_CACHED_RATES;
        }
    });

    /** Each thread's decoded frames before resampling, for {@link #prepareInto}; grown as clips need. */
    private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * @param sampleRate the model's sample rate in Hz (16000 for the speech models)
     * @param length     the model's input length in samples (32000 for the seed network)
     */
    public ClipPreparer(int sampleRate, int length) {
        if (sampleRate < 1 || length < 1) {
            throw new IllegalArgumentException(
                    "sample rate and length must be >= 1, got " + sampleRate + " Hz and " + length + " samples");
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

    /**
     * Reads and prepares one file, decoding only the frames its first {@code length} output samples depend on, so
     * the time and memory it takes are bounded whatever the file's size. An unreadable file raises an exception
     * naming it: {@link AudioFormatException} for a file that is not decodable audio, including one whose rate this
     * preparer cannot resample from.
     */
    public float[] prepare(Path file) throws IOException {
        float[] out = new float[length];
        prepareInto(file, out, 0);
        return out;
    }

    /**
     * {@link #prepare(Path)} writing its {@link #length()} samples into {@code dst} from {@code offset} (a row of a
     * batch) instead of a new array, with no array per clip: a thread's decoded frames are kept in a scratch array it
     * reuses. The values are {@link #prepare(AudioClip)}'s for the whole file.
     */
    public void prepareInto(Path file, float[] dst, int offset) throws IOException {
        Objects.checkFromIndexSize(offset, length, dst.length);
        try (WavFile wav = WavFile.open(file)) {
            int rate = wav.format().sampleRate();
            Resample resample = resampler(rate, file);
            if (resample == null) {
                int frames = wav.readMono(0, dst, offset, length);
                Arrays.fill(dst, offset + frames, offset + length, 0f);
                return;
            }
            long needed = Math.min(wav.format().frames(), resample.inputLengthFor(length));
            float[] frames = scratch((int) needed);
            int decoded = wav.readMono(0, frames, 0, (int) needed);
            resample.apply(frames, decoded, dst, offset, length);
        }
    }

    private float[] scratch(int frames) {
        float[] frameScratch = scratch.get();
        if (frameScratch.length < frames) {
            frameScratch = new float[frames];
            scratch.set(frameScratch);
        }
        return frameScratch;
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
        return resamplers
                .computeIfAbsent(clip.sampleRate(), rate -> new Resample(rate, sampleRate))
                .apply(mono);
    }

    private Resample resampler(int rate, Path file) throws AudioFormatException {
        if (rate == sampleRate) {
            return null;
        }
        try {
            return resamplers.computeIfAbsent(rate, r -> new Resample(r, sampleRate));
        } catch (IllegalArgumentException e) {
            throw new AudioFormatException(file.toString(), e.getMessage());
        }
    }

    /** The first {@code length} samples, zero-padded at the end when the clip is shorter. */
    public static float[] padOrCrop(float[] samples, int length) {
        return samples.length == length ? samples : Arrays.copyOf(samples, length);
    }
}
