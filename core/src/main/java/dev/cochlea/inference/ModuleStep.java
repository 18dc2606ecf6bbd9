package dev.cochlea.inference;

import dev.cochlea.nn.Module;

/**
 * A layer the plan has no kernel for: its own forward, without gradients, on a tensor copy of the activation when
 * the activation lives in the arena. Its output is freed when the plan call ends.
 */
record ModuleStep(Module layer) implements PlanStep {
    @Override
    public Value run(Value in, Arena arena) {
        return Value.of(layer.forward(in.asTensor()));
    }

    /** Unknown: a layer's own forward might mix samples or change shapes in ways the plan cannot foresee. */
    @Override
    public int[] outputShape(int[] inputShape) {
        return null;
    }

    @Override
    public String describe() {
        return layer + " (its own forward)";
    }
}
