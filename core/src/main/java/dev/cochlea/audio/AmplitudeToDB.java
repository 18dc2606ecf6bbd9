package dev.cochlea.audio;

/**
 * Power or amplitude to decibels, as {@code torchaudio.transforms.AmplitudeToDB} (0.13):
 * {@code multiplier * log10(max(x, amin)) - multiplier * log10(max(amin, ref))} with
 * {@code multiplier} 10 for power and 20 for magnitude, {@code amin=1e-10}, {@code ref=1}; with
 * {@code top_db}, values below {@code max - top_db} of the whole input are raised to it.
 * Defaults: {@code stype="power"}, {@code top_db=None}. Immutable and thread-safe.
 */
public final class AmplitudeToDB {
    /** Whether the input is a power (|X|^2) or a magnitude (|X|) spectrogram. */
    public enum SType {
        POWER,
        MAGNITUDE
    }

    private static final double AMIN = 1e-10;
    private static final double REF_VALUE = 1.0;

    private final double multiplier;
    private final double topDb; // NaN when unset

    /** torchaudio's defaults: power input, no top_db clipping. */
    public AmplitudeToDB() {
        this(SType.POWER);
    }

    public AmplitudeToDB(SType stype) {
        this(stype, Double.NaN);
    }

    /** @param topDb the dynamic range kept below the maximum, in dB (e.g. 80); NaN for none */
    public AmplitudeToDB(SType stype, double topDb) {
        if (topDb < 0) {
            throw new IllegalArgumentException("top_db must be positive, got " + topDb);
        }
        this.multiplier = stype == SType.POWER ? 10.0 : 20.0;
        this.topDb = topDb;
    }

    /** A new {@code [freq][time]} array in dB. */
    public float[][] apply(float[][] x) {
        double dbMultiplier = Math.log10(Math.max(AMIN, REF_VALUE));
        float[][] out = new float[x.length][];
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            out[i] = new float[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                float db = (float) (multiplier * (Math.log10(Math.max(x[i][j], AMIN)) - dbMultiplier));
                out[i][j] = db;
                max = Math.max(max, db);
            }
        }
        if (!Double.isNaN(topDb)) {
            float floor = (float) (max - topDb);
            for (float[] row : out) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = Math.max(row[j], floor);
                }
            }
        }
        return out;
    }
}
