package dev.cochlea.examples.speech;

/** The loss became NaN or infinite; the message says where and which checkpoint is the last good one. */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
