package dev.cochlea.audio;

/** The Hz to mel mapping, as torchaudio's {@code mel_scale} argument. */
public enum MelScaleType {
    /** {@code 2595 log10(1 + f / 700)}: torchaudio's default. */
    HTK,
    /** Slaney's Auditory Toolbox (librosa's default): linear below 1 kHz, logarithmic above. */
    SLANEY;

    private static final double F_SP = 200.0 / 3; // Hz per mel in Slaney's linear part
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOGSTEP = Math.log(6.4) / 27.0;

    public double hzToMel(double hz) {
        if (this == HTK) {
            return 2595.0 * Math.log10(1.0 + hz / 700.0);
        }
        return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
    }

    public double melToHz(double mel) {
        if (this == HTK) {
            return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
        }
        return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
    }
}
