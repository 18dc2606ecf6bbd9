package dev.cochlea.examples.speech;

import picocli.CommandLine.Option;

/**
 * The hidden --input-length (input samples of the mel model), with which tests train, rebuild and export small models;
 * shared by train, predict, evaluate, export and the Spark trainer.
 */
public class InputLengthOption {
    @Option(names = "--input-length", hidden = true, description = "Input samples (mel model only; for tests).")
    Integer inputLength;

    /** The given length, or null where none was given. */
    public Integer value() {
        return inputLength;
    }

    /** The given length, or the seed network's input length where none was given. */
    public int orSeedLength() {
        return inputLength != null ? inputLength : SpeechNets.SEED_INPUT_LENGTH;
    }
}
