package dev.cochlea.audio;

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
    private final int origFreq;
    private final int newFreq;
    private final int orig; // origFreq / gcd
    private final int newRate; // newFreq / gcd
    private final int width;
    /** Per output phase: the first tap index inside the filter's support, and the taps from there. */
    private final int[] firstTap;
    private final float[][] taps;

    /** torchaudio's defaults: {@code lowpass_filter_width=6, rolloff=0.99}. */
    public Resample(int origFreq, int newFreq) {
        this(origFreq, newFreq, 6, 0.99);
    }

    /**
     * @param lowpassFilterWidth zero crossings of the sinc kept on each side; more is sharper and slower
     * @param rolloff the cutoff as a fraction of the lower Nyquist frequency
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
        this.width = (int) Math.ceil(lowpassFilterWidth * orig / baseFreq);
        this.firstTap = new int[newRate];
        this.taps = new float[newRate][];
        int kernelLength = 2 * width + orig;
        double scale = baseFreq / orig;
        for (int j = 0; j < newRate; j++) {
            double[] kernel = new double[kernelLength];
            int first = kernelLength;
            int last = -1;
            for (int k = 0; k < kernelLength; k++) {
                double t = (-(double) j / newRate + (k - width) / (double) orig) * baseFreq;
                if (Math.abs(t) >= lowpassFilterWidth) {
                    continue; // outside the window's support the tap is zero (torchaudio clamps t there)
                }
                double window = Math.cos(t * Math.PI / lowpassFilterWidth / 2);
                double x = t * Math.PI;
                double sinc = x == 0 ? 1 : Math.sin(x) / x;
                kernel[k] = sinc * window * window * scale;
                first = Math.min(first, k);
                last = k;
            }
            firstTap[j] = Math.min(first, last + 1);
            taps[j] = new float[Math.max(0, last + 1 - first)];
            for (int k = 0; k < taps[j].length; k++) {
                taps[j][k] = (float) kernel[first + k];
            }
        }
    }

    /** Resamples with torchaudio's defaults; returns the input itself when the rates are equal. */
    public static float[] resample(float[] waveform, int origFreq, int newFreq) {
        return origFreq == newFreq ? waveform : new Resample(origFreq, newFreq).apply(waveform);
    }

    /** {@code ceil(inputLength * new / orig)}, as torchaudio. */
    public int outputLength(int inputLength) {
        return (int) (((long) inputLength * newRate + orig - 1) / orig);
    }

    /** The resampled waveform (a new array; the same values when the rates are equal). */
    public float[] apply(float[] waveform) {
        if (origFreq == newFreq) {
            return waveform.clone();
        }
        int length = waveform.length;
        float[] out = new float[outputLength(length)];
        for (int n = 0; n < out.length; n++) {
            int block = n / newRate;
            int phase = n % newRate;
            float[] kernel = taps[phase];
            // Tap k of this phase reads padded[block * orig + k], i.e. waveform[block * orig + k - width].
            int start = block * orig + firstTap[phase] - width;
            int kFrom = Math.max(0, -start);
            int kTo = Math.min(kernel.length, length - start);
            double sum = 0;
            for (int k = kFrom; k < kTo; k++) {
                sum += kernel[k] * waveform[start + k];
            }
            out[n] = (float) sum;
        }
        return out;
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
