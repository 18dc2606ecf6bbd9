package dev.cochlea.spark;

/**
 * How far a run got: the next step to take ({@code stepInEpoch} of {@code epoch}, both from 0), the steps taken in
 * all, and the best evaluation so far. Saved beside each checkpoint as progress.json.
 */
public record TrainingProgress(int epoch, int stepInEpoch, long globalStep, double bestEvalAccuracy, int bestEpoch) {
    public static TrainingProgress start() {
        return new TrainingProgress(0, 0, 0, -1, 0);
    }
}
