package dev.cochlea.audio;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A spectrogram from a mono waveform, as {@code torchaudio.transforms.Spectrogram} (0.13): a short-time
 * Fourier transform with a periodic window, then |X|^power. Defaults: {@code n_fft=400},
 * {@code win_length=n_fft}, {@code hop_length=win_length/2}, {@code pad=0}, Hann window, {@code power=2},
 * {@code normalized=false}, {@code center=true} with {@code pad_mode=reflect}, {@code onesided=true}.
 *
 * <p>Output is {@code [freq][frames]} with {@code n_fft/2 + 1} frequencies when one-sided, and
 * {@code 1 + (length + 2 pad - n_fft) / hop} frames without centring ({@code length + 2 pad} in place of
 * {@code length - n_fft} with it). A window shorter than {@code n_fft} is zero-padded on both sides to
 * {@code n_fft}, as {@code torch.stft} does.
 *
 * <p>Immutable and thread-safe: the window is computed once and each thread gets its own FFT plan.
 */
public final class Spectrogram {
    private final int nFft;
    private final int winLength;
    private final int hopLength;
    private final int pad;
    private final double power;
    private final boolean normalized;
    private final boolean center;
    private final PadMode padMode;
    private final boolean onesided;
    private final WindowFunction windowFn;
    /** The window zero-padded (centred) to n_fft, and divided by its L2 norm when normalized. */
    private final double[] window;

    private final ThreadLocal<DoubleFFT_1D> fft;

    private Spectrogram(Builder b) {
        this.nFft = b.nFft;
        this.winLength = b.winLength == null ? b.nFft : b.winLength;
        this.hopLength = b.hopLength == null ? winLength / 2 : b.hopLength;
        this.pad = b.pad;
        this.power = b.power;
        this.normalized = b.normalized;
        this.center = b.center;
        this.padMode = b.padMode;
        this.onesided = b.onesided;
        this.windowFn = b.windowFn;
        if (nFft <= 0 || winLength <= 0 || winLength > nFft || hopLength <= 0 || pad < 0 || !(power > 0)) {
            throw new IllegalArgumentException("invalid Spectrogram parameters: " + this);
        }
        double[] w = windowFn.create(winLength, true);
        double norm = 1;
        if (normalized) { // torchaudio's normalized=True ("window"): divide by the window's L2 norm
            double energy = 0;
            for (double v : w) {
                energy += v * v;
            }
            norm = Math.sqrt(energy);
        }
        this.window = new double[nFft];
        int left = (nFft - winLength) / 2;
        for (int i = 0; i < winLength; i++) {
            window[left + i] = w[i] / norm;
        }
        this.fft = ThreadLocal.withInitial(() -> new DoubleFFT_1D(nFft));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code numFreqs()} x frames of |STFT|^power for a mono waveform. */
    public float[][] apply(float[] waveform) {
        float[] x = pad > 0 ? PadMode.CONSTANT.pad(waveform, pad, pad) : waveform;
        if (center) {
            x = padMode.pad(x, nFft / 2, nFft / 2);
        }
        if (x.length < nFft) {
            throw new IllegalArgumentException("Spectrogram with n_fft=" + nFft + " needs at least " + nFft
                    + " samples after padding, got " + x.length);
        }
        int frames = 1 + (x.length - nFft) / hopLength;
        int freqs = numFreqs();
        float[][] out = new float[freqs][frames];
        DoubleFFT_1D plan = fft.get();
        double[] buf = new double[2 * nFft];
        for (int f = 0; f < frames; f++) {
            int offset = f * hopLength;
            for (int i = 0; i < nFft; i++) {
                buf[i] = x[offset + i] * window[i];
            }
            plan.realForwardFull(buf); // buf becomes n_fft interleaved (re, im) pairs
            for (int k = 0; k < freqs; k++) {
                double re = buf[2 * k];
                double im = buf[2 * k + 1];
                double squared = re * re + im * im;
                out[k][f] =
                        (float) (power == 2 ? squared : power == 1 ? Math.sqrt(squared) : Math.pow(squared, power / 2));
            }
        }
        return out;
    }

    /** Frames produced for an input of {@code length} samples. */
    public int numFrames(int length) {
        int padded = length + 2 * pad + (center ? 2 * (nFft / 2) : 0);
        return padded < nFft ? 0 : 1 + (padded - nFft) / hopLength;
    }

    /** {@code n_fft / 2 + 1} when one-sided, else {@code n_fft}. */
    public int numFreqs() {
        return onesided ? nFft / 2 + 1 : nFft;
    }

    public int nFft() {
        return nFft;
    }

    public int winLength() {
        return winLength;
    }

    public int hopLength() {
        return hopLength;
    }

    @Override
    public String toString() {
        return "Spectrogram(n_fft=" + nFft + ", win_length=" + winLength + ", hop_length=" + hopLength
                + ", pad=" + pad + ", window=" + windowFn + ", power=" + power + ", normalized=" + normalized
                + ", center=" + center + ", pad_mode=" + padMode + ", onesided=" + onesided + ")";
    }

    /** Parameters named as torchaudio's; unset ones take torchaudio's defaults. */
    public static final class Builder {
        private int nFft = 400;
        private Integer winLength;
        private Integer hopLength;
        private int pad;
        private WindowFunction windowFn = WindowFunction.HANN;
        private double power = 2.0;
        private boolean normalized;
        private boolean center = true;
        private PadMode padMode = PadMode.REFLECT;
        private boolean onesided = true;

        private Builder() {}

        public Builder nFft(int nFft) {
            this.nFft = nFft;
            return this;
        }

        /** Defaults to {@code n_fft}. */
        public Builder winLength(int winLength) {
            this.winLength = winLength;
            return this;
        }

        /** Defaults to {@code win_length / 2}. */
        public Builder hopLength(int hopLength) {
            this.hopLength = hopLength;
            return this;
        }

        /** Zeros added to both ends before the STFT. */
        public Builder pad(int pad) {
            this.pad = pad;
            return this;
        }

        public Builder windowFn(WindowFunction windowFn) {
            this.windowFn = windowFn;
            return this;
        }

        /** Exponent of the magnitude: 1 for magnitude, 2 for power. */
        public Builder power(double power) {
            this.power = power;
            return this;
        }

        /** Divide by the window's L2 norm (torchaudio's {@code normalized=True}). */
        public Builder normalized(boolean normalized) {
            this.normalized = normalized;
            return this;
        }

        public Builder center(boolean center) {
            this.center = center;
            return this;
        }

        public Builder padMode(PadMode padMode) {
            this.padMode = padMode;
            return this;
        }

        public Builder onesided(boolean onesided) {
            this.onesided = onesided;
            return this;
        }

        public Spectrogram build() {
            return new Spectrogram(this);
        }
    }
}
