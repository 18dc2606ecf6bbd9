package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Backend;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance kit: every {@link dev.cochlea.kernels.Kernels} method of a backend, run against the
 * {@link dev.cochlea.kernels.ReferenceBackend} on the same seeded random inputs over the shapes of
 * {@link ConformanceCases}, through the {@link Backend} API only (upload, kernel, download). A backend module runs it
 * with one class:
 * <pre>{@code
 * class CpuConformanceTest extends KernelConformanceTest {
 *     protected Backend backend() { return new CpuBackend(); }
 * }
 * }</pre>
 * If the backend is unavailable every test is skipped with its reason. Outputs are pre-filled with NaN (int32 ones
 * with {@link Buffers#GARBAGE_INT}), so an element a kernel fails to write is caught. Tolerances are stated in
 * {@link ConformanceSupport} and {@link Outputs}; indices, copies and selections must match exactly, which random
 * continuous data makes safe (exact ties practically never occur).
 *
 * <p>The tests live in one interface per op family ({@link ElementwiseConformance}, {@link LayoutConformance},
 * {@link LinearConformance}, {@link ConvBlockConformance}, {@link NormPoolConformance}, {@link LossConformance},
 * {@link OptimizerConformance}) to keep each file small; this class gathers them.
 */
public abstract class KernelConformanceTest
        implements ElementwiseConformance,
                LayoutConformance,
                LinearConformance,
                ConvBlockConformance,
                NormPoolConformance,
                LossConformance,
                OptimizerConformance {

    /** One backend per concrete test class: starting a device backend can be expensive. */
    private static final Map<Class<?>, Backend> BACKENDS = new ConcurrentHashMap<>();

    private Backend backend;

    /** The backend under test; called once per concrete test class, and the result shared by all its tests. */
    protected abstract Backend backend();

    @Override
    public final Backend backendUnderTest() {
        return backend;
    }

    @BeforeEach
    protected final void requireAvailableBackend() {
        backend = BACKENDS.computeIfAbsent(getClass(), c -> backend());
        Assumptions.assumeTrue(
                backend.isAvailable(),
                () -> "backend '" + backend.name() + "' is unavailable: "
                        + backend.unavailableReason().orElse("?"));
    }
}
