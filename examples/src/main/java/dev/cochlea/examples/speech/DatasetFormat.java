package dev.cochlea.examples.speech;

/** The dataset layouts the CLI reads (see dev.cochlea.data). */
public enum DatasetFormat {
    /** Fluent Speech Commands: data/{train,valid,test}_data.csv. */
    FSC,
    /** Google Speech Commands: a folder per label with validation_list.txt and testing_list.txt. */
    GSC,
    /** Free Spoken Digit Dataset: DIGIT_SPEAKER_INDEX.wav. */
    FSDD,
    /** A plain folder per label (optionally inside train/, valid/, test/). */
    FOLDER
}
