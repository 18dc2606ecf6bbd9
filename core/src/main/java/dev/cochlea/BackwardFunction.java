package dev.cochlea;

/**
 * The backward half of an op: given dLoss/dOutput, returns dLoss/dInput for each input in the order they were
 * recorded (null where an input needs no gradient). Runs with gradient recording off, so it may use any Tensor op.
 */
@FunctionalInterface
public interface BackwardFunction {
    Tensor[] apply(Tensor gradOutput);
}
