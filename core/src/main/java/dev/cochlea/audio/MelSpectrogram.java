package dev.cochlea.audio;

/**
 * A mel spectrogram, as {@code torchaudio.transforms.MelSpectrogram} (0.13): {@link Spectrogram} then
 * {@link MelScale}. Defaults: {@code sample_rate=16000}, {@code n_fft=400}, {@code win_length=n_fft},
 * {@code hop_length=win_length/2}, {@code f_min=0}, {@code f_max=sample_rate/2}, {@code pad=0},
 * {@code n_mels=128}, Hann window, {@code power=2}, {@code normalized=false}, {@code center=true},
 * {@code pad_mode=reflect}, {@code onesided=true}, {@code norm=None}, {@code mel_scale="htk"}.
 *
 * <pre>{@code
 * MelSpectrogram mel = MelSpectrogram.builder().sampleRate(8000).nFft(256).hopLength(128).nMels(40).build();
 * float[][] features = mel.apply(clip.mono());   // [n_mels][frames]
 * }</pre>
 *
 * Immutable and thread-safe.
 */
public final class MelSpectrogram {
    private final Spectrogram spectrogram;
    private final MelScale melScale;

    private MelSpectrogram(Builder b) {
        this.spectrogram = b.spectrogram.build();
        this.melScale = b.melScale.nStft(spectrogram.numFreqs()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code [n_mels][frames]} for a mono waveform. */
    public float[][] apply(float[] waveform) {
        return melScale.apply(spectrogram.apply(waveform));
    }

    public int nMels() {
        return melScale.nMels();
    }

    /** Frames produced for an input of {@code length} samples. */
    public int numFrames(int length) {
        return spectrogram.numFrames(length);
    }

    public Spectrogram spectrogram() {
        return spectrogram;
    }

    public MelScale melScale() {
        return melScale;
    }

    /** Parameters named as torchaudio's; unset ones take torchaudio's defaults. */
    public static final class Builder {
        private final Spectrogram.Builder spectrogram = Spectrogram.builder();
        private final MelScale.Builder melScale = MelScale.builder();

        private Builder() {}

        public Builder sampleRate(int sampleRate) {
            melScale.sampleRate(sampleRate);
            return this;
        }

        public Builder nFft(int nFft) {
            spectrogram.nFft(nFft);
            return this;
        }

        public Builder winLength(int winLength) {
            spectrogram.winLength(winLength);
            return this;
        }

        public Builder hopLength(int hopLength) {
            spectrogram.hopLength(hopLength);
            return this;
        }

        public Builder fMin(double fMin) {
            melScale.fMin(fMin);
            return this;
        }

        public Builder fMax(double fMax) {
            melScale.fMax(fMax);
            return this;
        }

        public Builder pad(int pad) {
            spectrogram.pad(pad);
            return this;
        }

        public Builder nMels(int nMels) {
            melScale.nMels(nMels);
            return this;
        }

        public Builder windowFn(WindowFunction windowFn) {
            spectrogram.windowFn(windowFn);
            return this;
        }

        public Builder power(double power) {
            spectrogram.power(power);
            return this;
        }

        public Builder normalized(boolean normalized) {
            spectrogram.normalized(normalized);
            return this;
        }

        public Builder center(boolean center) {
            spectrogram.center(center);
            return this;
        }

        public Builder padMode(PadMode padMode) {
            spectrogram.padMode(padMode);
            return this;
        }

        public Builder onesided(boolean onesided) {
            spectrogram.onesided(onesided);
            return this;
        }

        public Builder norm(MelNorm norm) {
            melScale.norm(norm);
            return this;
        }

        public Builder melScale(MelScaleType melScale) {
            this.melScale.melScale(melScale);
            return this;
        }

        public MelSpectrogram build() {
            return new MelSpectrogram(this);
        }
    }
}
