package dev.cochlea.spark;

import java.io.Serializable;

/**
 * Where a rank's measured steps went, in seconds summed over them: reading the batch, forward (with the loss),
 * backward, waiting for the gradient all-reduce after backward (the exchange itself and any wait for a slower rank),
 * and the optimizer step with the step's bookkeeping. Comparing the phases of N workers with one worker's tells
 * whether a slower N-worker step computes slower (the cores are shared with something else) or waits.
 */
public record StepPhases(double load, double forward, double backward, double allReduce, double update)
        implements Serializable {
    public static final StepPhases NONE = new StepPhases(0, 0, 0, 0, 0);

    /** The sum of all phases: the whole step. */
    public double total() {
        return load + forward + backward + allReduce + update;
    }

    StepPhases plus(StepPhases other) {
        return new StepPhases(
                load + other.load,
                forward + other.forward,
                backward + other.backward,
                allReduce + other.allReduce,
                update + other.update);
    }
}
