package dev.cochlea.audio;

/**
 * Projects a linear-frequency spectrogram onto mel bands with triangular filters, as
 * {@code torchaudio.transforms.MelScale} and {@code functional.melscale_fbanks} (0.13). Defaults:
 * {@code n_mels=128}, {@code sample_rate=16000}, {@code f_min=0}, {@code f_max=sample_rate/2},
 * {@code n_stft=201}, {@code norm=None}, {@code mel_scale="htk"}.
 *
 * <p>Immutable and thread-safe; the filterbank is computed once.
 */
public final class MelScale {
    private final int nMels;
    private final int nStft;
    /** [n_mels][n_stft]: row m is filter m over the STFT bins. */
    private final float[][] filters;

    private MelScale(Builder b) {
        double fMax = b.fMax == null ? b.sampleRate / 2.0 : b.fMax;
        if (b.nMels <= 0 || b.nStft <= 0 || b.sampleRate <= 0 || b.fMin < 0 || !(b.fMin <= fMax)) {
            throw new IllegalArgumentException("invalid MelScale parameters: n_mels=" + b.nMels + ", n_stft=" + b.nStft
                    + ", sample_rate=" + b.sampleRate + ", f_min=" + b.fMin + ", f_max=" + fMax);
        }
        this.nMels = b.nMels;
        this.nStft = b.nStft;
        double[][] fb = melscaleFbanks(b.nStft, b.fMin, fMax, b.nMels, b.sampleRate, b.norm, b.melScale);
        this.filters = new float[nMels][nStft];
        for (int f = 0; f < nStft; f++) {
            for (int m = 0; m < nMels; m++) {
                filters[m][f] = (float) fb[f][m];
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The filterbank matrix {@code [n_freqs][n_mels]}, as {@code torchaudio.functional.melscale_fbanks}.
     * The STFT bins sit at {@code linspace(0, sample_rate // 2, n_freqs)}; the filter edges are
     * {@code n_mels + 2} points evenly spaced in mel between {@code f_min} and {@code f_max}; filter m
     * rises from edge m to m+1 and falls to m+2 (the librosa construction). With too many mels for the
     * FFT size some filters are all zero, as in torchaudio (which warns).
     */
    public static double[][] melscaleFbanks(
            int nFreqs, double fMin, double fMax, int nMels, int sampleRate, MelNorm norm, MelScaleType melScale) {
        double[] allFreqs = linspace(0, sampleRate / 2, nFreqs); // integer Nyquist, as torchaudio
        double[] mPts = linspace(melScale.hzToMel(fMin), melScale.hzToMel(fMax), nMels + 2);
        double[] fPts = new double[nMels + 2];
        for (int i = 0; i < fPts.length; i++) {
            fPts[i] = melScale.melToHz(mPts[i]);
        }
        double[][] fb = new double[nFreqs][nMels];
        for (int f = 0; f < nFreqs; f++) {
            for (int m = 0; m < nMels; m++) {
                double down = (allFreqs[f] - fPts[m]) / (fPts[m + 1] - fPts[m]);
                double up = (fPts[m + 2] - allFreqs[f]) / (fPts[m + 2] - fPts[m + 1]);
                double weight = Math.max(0, Math.min(down, up));
                if (norm == MelNorm.SLANEY) {
                    weight *= 2.0 / (fPts[m + 2] - fPts[m]);
                }
                fb[f][m] = weight;
            }
        }
        return fb;
    }

    /** {@code [n_mels][frames]} from a {@code [n_stft][frames]} spectrogram. */
    public float[][] apply(float[][] spec) {
        if (spec.length != nStft) {
            throw new IllegalArgumentException(
                    "MelScale expects a spectrogram with " + nStft + " frequency rows, got " + spec.length);
        }
        int frames = spec.length == 0 ? 0 : spec[0].length;
        float[][] out = new float[nMels][frames];
        double[] acc = new double[frames];
        for (int m = 0; m < nMels; m++) {
            java.util.Arrays.fill(acc, 0);
            float[] filter = filters[m];
            for (int f = 0; f < nStft; f++) {
                float w = filter[f];
                if (w == 0) {
                    continue; // each triangle covers only a few bins
                }
                float[] row = spec[f];
                for (int t = 0; t < frames; t++) {
                    acc[t] += w * row[t];
                }
            }
            for (int t = 0; t < frames; t++) {
                out[m][t] = (float) acc[t];
            }
        }
        return out;
    }

    public int nMels() {
        return nMels;
    }

    public int nStft() {
        return nStft;
    }

    private static double[] linspace(double from, double to, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
        }
        return out;
    }

    /** Parameters named as torchaudio's; unset ones take torchaudio's defaults. */
    public static final class Builder {
        private int nMels = 128;
        private int sampleRate = 16000;
        private double fMin;
        private Double fMax;
        private int nStft = 201;
        private MelNorm norm = MelNorm.NONE;
        private MelScaleType melScale = MelScaleType.HTK;

        private Builder() {}

        public Builder nMels(int nMels) {
            this.nMels = nMels;
            return this;
        }

        public Builder sampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        public Builder fMin(double fMin) {
            this.fMin = fMin;
            return this;
        }

        /** Defaults to {@code sample_rate / 2}. */
        public Builder fMax(double fMax) {
            this.fMax = fMax;
            return this;
        }

        /** Frequency bins of the input spectrogram, {@code n_fft / 2 + 1}. */
        public Builder nStft(int nStft) {
            this.nStft = nStft;
            return this;
        }

        public Builder norm(MelNorm norm) {
            this.norm = norm;
            return this;
        }

        public Builder melScale(MelScaleType melScale) {
            this.melScale = melScale;
            return this;
        }

        public MelScale build() {
            return new MelScale(this);
        }
    }
}
