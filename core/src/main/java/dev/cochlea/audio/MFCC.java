package dev.cochlea.audio;

import java.util.function.Consumer;

/**
 * Mel-frequency cepstral coefficients, as {@code torchaudio.transforms.MFCC} (0.13): a
 * {@link MelSpectrogram}, then decibels ({@code AmplitudeToDB("power", top_db=80)}) or, with
 * {@code log_mels}, {@code log(mel + 1e-6)}, then a type-II DCT over the mel axis keeping
 * {@code n_mfcc} coefficients. Defaults: {@code sample_rate=16000}, {@code n_mfcc=40},
 * {@code dct_type=2}, {@code norm="ortho"}, {@code log_mels=false}, and the MelSpectrogram defaults
 * (change those through {@link Builder#melkwargs}).
 *
 * <pre>{@code
 * MFCC mfcc = MFCC.builder().sampleRate(8000).nMfcc(20).melkwargs(m -> m.nFft(256).nMels(40)).build();
 * float[][] coefficients = mfcc.apply(samples);   // [n_mfcc][frames]
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class MFCC {
    private static final double LOG_OFFSET = 1e-6;

    private final MelSpectrogram melSpectrogram;
    private final AmplitudeToDB amplitudeToDB = new AmplitudeToDB(AmplitudeToDB.SType.POWER, 80.0);
    private final boolean logMels;
    /** [n_mfcc][n_mels], the transpose of torchaudio's create_dct matrix. */
    private final float[][] dct;

    private MFCC(Builder b) {
        if (b.dctType != 2) {
            throw new IllegalArgumentException("only DCT type 2 is supported, got dct_type=" + b.dctType);
        }
        MelSpectrogram.Builder mel = MelSpectrogram.builder().sampleRate(b.sampleRate);
        b.melkwargs.accept(mel);
        this.melSpectrogram = mel.sampleRate(b.sampleRate).build();
        int nMels = melSpectrogram.nMels();
        if (b.nMfcc <= 0 || b.nMfcc > nMels) {
            throw new IllegalArgumentException("n_mfcc must be in [1, n_mels=" + nMels + "], got " + b.nMfcc);
        }
        this.logMels = b.logMels;
        double[][] matrix = createDct(b.nMfcc, nMels, b.norm);
        this.dct = new float[b.nMfcc][nMels];
        for (int n = 0; n < nMels; n++) {
            for (int k = 0; k < b.nMfcc; k++) {
                dct[k][n] = (float) matrix[n][k];
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The DCT-II matrix {@code [n_mels][n_mfcc]}, as {@code torchaudio.functional.create_dct}:
     * {@code cos(pi / n_mels * (n + 0.5) * k)}, scaled to be orthonormal with {@code ORTHO}
     * (row k=0 by {@code sqrt(1/n_mels)}, the others by {@code sqrt(2/n_mels)}) or by 2 with {@code NONE}.
     */
    public static double[][] createDct(int nMfcc, int nMels, DctNorm norm) {
        double[][] out = new double[nMels][nMfcc];
        for (int n = 0; n < nMels; n++) {
            for (int k = 0; k < nMfcc; k++) {
                double c = Math.cos(Math.PI / nMels * (n + 0.5) * k);
                if (norm == DctNorm.NONE) {
                    c *= 2.0;
                } else {
                    c *= (k == 0 ? 1 / Math.sqrt(2.0) : 1.0) * Math.sqrt(2.0 / nMels);
                }
                out[n][k] = c;
            }
        }
        return out;
    }

    /** {@code [n_mfcc][frames]} for a mono waveform. */
    public float[][] apply(float[] waveform) {
        float[][] mel = melSpectrogram.apply(waveform);
        if (logMels) {
            for (float[] row : mel) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = (float) Math.log(row[t] + LOG_OFFSET);
                }
            }
        } else {
            mel = amplitudeToDB.apply(mel);
        }
        int frames = mel.length == 0 ? 0 : mel[0].length;
        float[][] out = new float[dct.length][frames];
        for (int k = 0; k < dct.length; k++) {
            for (int t = 0; t < frames; t++) {
                double sum = 0;
                for (int n = 0; n < mel.length; n++) {
                    sum += dct[k][n] * mel[n][t];
                }
                out[k][t] = (float) sum;
            }
        }
        return out;
    }

    public int nMfcc() {
        return dct.length;
    }

    public MelSpectrogram melSpectrogram() {
        return melSpectrogram;
    }

    /** DCT normalisation, as torchaudio's {@code norm} argument. */
    public enum DctNorm {
        ORTHO,
        NONE
    }

    /** Parameters named as torchaudio's; unset ones take torchaudio's defaults. */
    public static final class Builder {
        private int sampleRate = 16000;
        private int nMfcc = 40;
        private int dctType = 2;
        private DctNorm norm = DctNorm.ORTHO;
        private boolean logMels;
        private Consumer<MelSpectrogram.Builder> melkwargs = m -> {};

        private Builder() {}

        /** Also the MelSpectrogram's sample rate (it overrides one set through melkwargs, as torchaudio). */
        public Builder sampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        public Builder nMfcc(int nMfcc) {
            this.nMfcc = nMfcc;
            return this;
        }

        /** Only 2 is supported, as in torchaudio. */
        public Builder dctType(int dctType) {
            this.dctType = dctType;
            return this;
        }

        public Builder norm(DctNorm norm) {
            this.norm = norm;
            return this;
        }

        /** Use {@code log(mel + 1e-6)} instead of decibels. */
        public Builder logMels(boolean logMels) {
            this.logMels = logMels;
            return this;
        }

        /** Configures the inner MelSpectrogram, like torchaudio's {@code melkwargs} dict. */
        public Builder melkwargs(Consumer<MelSpectrogram.Builder> melkwargs) {
            this.melkwargs = melkwargs;
            return this;
        }

        public MFCC build() {
            return new MFCC(this);
        }
    }
}
