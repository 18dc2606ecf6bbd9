package dev.cochlea.inference;

/** One step of an {@link InferencePlan}: reads an activation, returns the next. Immutable and thread-safe. */
interface PlanStep {
    Value run(Value input, Arena arena);

    /** What the step runs and which of the model's layers it replaces, for {@link InferencePlan#describe()}. */
    String describe();
}
