package dev.cochlea.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Band-limited resampling with a Hann-windowed sinc filter, the algorithm and defaults of
 * torchaudio 0.13's {@code functional.resample} / {@code transforms.Resample}
 * ({@code lowpass_filter_width=6}, {@code rolloff=0.99}, {@code resampling_method="sinc_interpolation"},
 * called "sinc_interp_hann" in later torchaudio).
 *
 * <p>After dividing both rates by their gcd, output sample {@code i * new + j} is the input block
 * starting at {@code i * orig} (zero-padded by {@code width} on the left) filtered by phase {@code j}'s
 * kernel, {@code y[j] = sum_k x[k] sinc(base * (k / orig - j / new)) w(...)} with {@code base =
 * min(orig, new) * rolloff}: the cutoff sits just below the lower Nyquist rate, so both upsampling and
 * downsampling are alias-free. The output has {@code ceil(length * new / orig)} samples.
 *
 * <p>The kernels are computed once (in double precision) in the constructor; instances are immutable
 * and thread-safe.
 */
public final class Resample {
    /** The most filter taps (floats) one instance holds: 64 MB. */
    public static final int MAX_TAPS = 1 << 24;

    private final int origFreq;
    private final int newFreq;
    private final int orig; // origFreq / gcd
    private final int newRate; // newFreq / gcd
    private final int width;
    /** Per output phase: the first tap index inside the filter's support, and the taps from there. */
    private final int[] firstTap;

    private final float[][] taps;
    /** Per phase j: the largest {@code firstTap + taps.length} over phases 0..j (how far past its block it reads). */
    private final int[] reachUpTo;

    /** torchaudio's defaults: {@code lowpass_filter_width=6, rolloff=0.99}. */
    public Resample(int origFreq, int newFreq) {
        this(origFreq, newFreq, 6, 0.99);
    }

    /**
     * @param lowpassFilterWidth zero crossings of the sinc kept on each side; more is sharper and slower
     * @param rolloff the cutoff as a fraction of the lower Nyquist frequency
     * @throws IllegalArgumentException also when the rates share so small a divisor that the filter bank would need
     *     more than {@value #MAX_TAPS} taps (e.g. 1,000,003 Hz to 16 kHz)
     */
    public Resample(int origFreq, int newFreq, int lowpassFilterWidth, double rolloff) {
        if (origFreq <= 0 || newFreq <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + origFreq + " -> " + newFreq);
        }
        if (lowpassFilterWidth <= 0) {
            throw new IllegalArgumentException("lowpass_filter_width must be positive, got " + lowpassFilterWidth);
        }
        if (!(rolloff > 0 && rolloff <= 1)) {
            throw new IllegalArgumentException("rolloff must be in (0, 1], got " + rolloff);
        }
        this.origFreq = origFreq;
        this.newFreq = newFreq;
        int gcd = gcd(origFreq, newFreq);
        this.orig = origFreq / gcd;
        this.newRate = newFreq / gcd;
        double baseFreq = Math.min(orig, newRate) * rolloff;
        double halfSpan = lowpassFilterWidth * (double) orig / baseFreq; // the window's half-width in input samples
        long bankSize = (long) newRate * ((long) Math.ceil(2 * halfSpan) + 1);
        if (bankSize > MAX_TAPS) {
            throw new IllegalArgumentException("resampling " + origFreq + " Hz to " + newFreq + " Hz needs "
                    + bankSize + " filter taps (" + newRate + " phases), more than the " + MAX_TAPS
                    + " Resample builds; the rates share only the divisor " + gcd);
        }
        this.width = (int) Math.ceil(halfSpan);
        this.firstTap = new int[newRate];
        this.taps = new float[newRate][];
        long kernelLength = 2L * width + orig;
        double scale = baseFreq / orig;
        this.reachUpTo = new int[newRate];
        int reach = 0;
        for (int j = 0; j < newRate; j++) {
            // Tap k sits at t = (-j / new + (k - width) / orig) * base; only |t| < lowpassFilterWidth is non-zero, so
            // only k within halfSpan of width + orig * j / new need computing (one more on each side for rounding).
            double centre = width + (double) orig * j / newRate;
            long from = Math.max(0, (long) Math.floor(centre - halfSpan) - 1);
            long to = Math.min(kernelLength - 1, (long) Math.ceil(centre + halfSpan) + 1);
            double[] kernel = new double[(int) (to - from + 1)];
            int first = kernel.length;
            int last = -1;
            for (int i = 0; i < kernel.length; i++) {
                long k = from + i;
                double t = (-(double) j / newRate + (k - width) / (double) orig) * baseFreq;
                if (Math.abs(t) >= lowpassFilterWidth) {
                    continue; // outside the window's support the tap is zero (torchaudio clamps t there)
                }
                double window = Math.cos(t * Math.PI / lowpassFilterWidth / 2);
                double x = t * Math.PI;
                double sinc = x == 0 ? 1 : Math.sin(x) / x;
                kernel[i] = sinc * window * window * scale;
                first = Math.min(first, i);
                last = i;
            }
            firstTap[j] = (int) (from + Math.min(first, last + 1));
            taps[j] = new float[Math.max(0, last + 1 - first)];
            for (int k = 0; k < taps[j].length; k++) {
                taps[j][k] = (float) kernel[first + k];
            }
            reach = Math.max(reach, firstTap[j] + taps[j].length);
            reachUpTo[j] = reach;
        }
    }

    /** Resamples with torchaudio's defaults; returns the input itself when the rates are equal. */
    public static float[] resample(float[] waveform, int origFreq, int newFreq) {
        return origFreq == newFreq ? waveform : new Resample(origFreq, newFreq).apply(waveform);
    }

    /** {@code ceil(inputLength * new / orig)}, as torchaudio. */
    public int outputLength(int inputLength) {
        long length = ((long) inputLength * newRate + orig - 1) / orig;
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(inputLength + " samples at " + origFreq + " Hz become " + length + " at "
                    + newFreq + " Hz, more than an array holds");
        }
        return (int) length;
    }

    /**
     * How many input samples the first {@code outputLength} output samples depend on: resampling only that prefix
     * of a longer input gives exactly the same first {@code outputLength} samples.
     */
    public long inputLengthFor(int outputLength) {
        if (outputLength <= 0) {
            return 0;
        }
        if (origFreq == newFreq) {
            return outputLength;
        }
        long lastBlock = (outputLength - 1L) / newRate;
        int lastPhase = (int) ((outputLength - 1L) % newRate);
        long needed = lastBlock * orig + reachUpTo[lastPhase] - width;
        if (lastBlock > 0) {
            needed = Math.max(needed, (lastBlock - 1) * orig + reachUpTo[newRate - 1] - width);
        }
        return Math.max(0, needed);
    }

    /** The resampled waveform (a new array; the same values when the rates are equal). */
    public float[] apply(float[] waveform) {
        if (origFreq == newFreq) {
            return waveform.clone();
        }
        float[] out = new float[outputLength(waveform.length)];
        apply(waveform, waveform.length, out, 0, out.length);
        return out;
    }

    /**
     * Writes the first {@code count} samples of {@code waveform[0, length)} resampled into {@code out} from
     * {@code offset}, the values {@link #apply(float[])} gives, zeros past the {@link #outputLength resampled length};
     * allocates nothing, for loaders that decode clips straight into a batch.
     */
    public void apply(float[] waveform, int length, float[] out, int offset, int count) {
        Objects.checkFromIndexSize(0, length, waveform.length);
        Objects.checkFromIndexSize(offset, count, out.length);
        if (origFreq == newFreq) {
            int copied = Math.min(length, count);
            System.arraycopy(waveform, 0, out, offset, copied);
            Arrays.fill(out, offset + copied, offset + count, 0f);
            return;
        }
        int produced = Math.min(count, outputLength(length));
        for (int n = 0; n < produced; n++) {
            int block = n / newRate;
            int phase = n % newRate;
            float[] kernel = taps[phase];
            // Tap k of this phase reads padded[block * orig + k], i.e. waveform[block * orig + k - width].
            long start = (long) block * orig + firstTap[phase] - width;
            int kFrom = (int) Math.max(0, Math.min(kernel.length, -start));
            int kTo = (int) Math.max(kFrom, Math.min(kernel.length, length - start));
            double sum = 0;
            for (int k = kFrom; k < kTo; k++) {
                sum += kernel[k] * waveform[(int) (start + k)];
            }
            out[offset + n] = (float) sum;
        }
        Arrays.fill(out, offset + produced, offset + count, 0f);
    }

    public int origFreq() {
        return origFreq;
    }

    public int newFreq() {
        return newFreq;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
