package dev.cochlea.audio;

/** Normalisation of mel filters, as torchaudio's {@code norm} argument of {@code melscale_fbanks}. */
public enum MelNorm {
    /** Triangles of peak 1 (torchaudio's default, {@code norm=None}). */
    NONE,
    /** Each triangle divided by half its width in Hz, so every band has the same area. */
    SLANEY
}
