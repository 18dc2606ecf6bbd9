package dev.cochlea.inference;

/** One step of an {@link InferencePlan}: reads an activation, returns the next. Immutable and thread-safe. */
interface PlanStep {
    Value run(Value input, Arena arena);

    /**
     * The output shape for an input of {@code inputShape} when this step treats every sample on its own and knows
     * its shapes in advance (so the plan may split a batch into micro-batches); null otherwise.
     */
    int[] outputShape(int[] inputShape);

    /** What the step runs and which of the model's layers it replaces, for {@link InferencePlan#describe()}. */
    String describe();
}
