package dev.cochlea.spark;

import java.io.Serializable;

/**
 * What one rank reports back to the driver: where it started (0 unless it resumed), the steps it took, and its
 * timing over the measured steps (all but the first two of the attempt, which warm up the JIT and the buffer pools).
 *
 * @param samplesPerSecond all ranks' samples per second of wall time, over the measured steps
 * @param allReduceSeconds time this rank spent averaging gradients in the measured steps
 * @param phases           the measured steps' time by phase ({@code phases.total()} is {@code stepSeconds})
 * @param loadBytes        bytes the training thread allocated reading batches in the measured steps (-1: the JVM
 *                         does not count them)
 * @param stepBytes        bytes the training thread allocated in the measured steps, reading included (-1: unknown)
 * @param collections      garbage collections this rank's JVM ran during its measured steps
 * @param collectionMillis their time, as the JVM's collector beans report it (the pauses, for HotSpot's collectors)
 */
public record RankReport(
        int rank,
        int attempt,
        long startStep,
        long steps,
        int measuredSteps,
        double stepSeconds,
        double allReduceSeconds,
        double samplesPerSecond,
        double lastEvalAccuracy,
        StepPhases phases,
        long loadBytes,
        long stepBytes,
        long collections,
        long collectionMillis)
        implements Serializable {
    /** The share of the step spent in the gradient all-reduce. */
    public double allReduceShare() {
        return stepSeconds > 0 ? allReduceSeconds / stepSeconds : 0;
    }
}
