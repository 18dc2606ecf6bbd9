package dev.cochlea.examples.speech;

/** The models the speech example trains. */
public enum ModelKind {
    /** The seed report's six-block CNN on the raw 16 kHz waveform (input length 32000). */
    SEED,
    /** A small Conv1d network over 64 log-mel bands computed in the data pipeline. */
    MEL
}
