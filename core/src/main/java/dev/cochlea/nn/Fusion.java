package dev.cochlea.nn;

import dev.cochlea.Tensor;

/**
 * The rule every fusion (the training plan's BatchNorm1d -> ReLU -> MaxPool1d step, the inference plan's folded conv
 * blocks) applies before it replaces layers by a fused kernel: the module is an instance of the layer class and runs
 * that class's own {@code forward}. A subclass that only adds a constructor or a name keeps the fusion; one that
 * overrides {@code forward} is run as written, never silently bypassed. {@code summary()} shows which steps fused.
 */
public final class Fusion {
    /** The class that declares each module class's {@code forward(Tensor)}. */
    private static final ClassValue<Class<?>> FORWARD_OWNER = new ClassValue<>() {
        @Override
        protected Class<?> computeValue(Class<?> type) {
            try {
                return type.getMethod("forward", Tensor.class).getDeclaringClass();
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no forward(Tensor)", e);
            }
        }
    };

    private Fusion() {}

    /** True when {@code module} is a {@code layer} running that class's own forward: a fused kernel may replace it. */
    public static boolean runsForwardOf(Module module, Class<? extends Module> layer) {
        return layer.isInstance(module) && FORWARD_OWNER.get(module.getClass()) == layer;
    }
}
