package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.ReferenceBackend;
import java.util.function.Function;
import org.opentest4j.AssertionFailedError;

/**
 * What the conformance test families share: the backend under test, the reference it is held to, and the stated
 * tolerances. A family runs the same function (upload, kernel, download) on both backends and compares the outputs.
 */
public interface ConformanceSupport {
    /** Values out of float32 sums (dot products, statistics, log-sum-exp): relative to the tensor's max |x|. */
    double SUMS = 1e-4;

    /** Element-wise maths (exp, division, an optimizer update): relative to each element. */
    double POINTWISE = 1e-5;

    /** Where the factory methods of the parameterised tests live. */
    String CASES = "dev.cochlea.kernels.conformance.ConformanceCases#";

    /** The backend being checked; {@link KernelConformanceTest} maps it to its subclass's {@code backend()}. */
    Backend backendUnderTest();

    /** The oracle. */
    static Backend reference() {
        return Oracle.REFERENCE;
    }

    /**
     * Runs {@code kernel} on the reference and on the backend under test, each with its own {@link Buffers} (closed
     * once the kernel's outputs are downloaded), and compares what they return; a failure names the backend and
     * {@code testCase} (build tools' reports show only the case's number).
     */
    default void assertConforms(Object testCase, Function<Buffers, Outputs> kernel) {
        Outputs expected = onReference(kernel);
        Outputs actual;
        try (Buffers io = new Buffers(backendUnderTest())) {
            actual = kernel.apply(io);
        } catch (RuntimeException e) {
            throw new AssertionFailedError(backendUnderTest().name() + " threw on " + testCase + ": " + e, e);
        }
        inCase(testCase, () -> expected.assertMatches(actual));
    }

    /** Runs {@code checks}, prefixing a failure's message with the backend's name and {@code testCase}. */
    default void inCase(Object testCase, Runnable checks) {
        try {
            checks.run();
        } catch (AssertionFailedError e) {
            throw new AssertionFailedError(
                    backendUnderTest().name() + " differs from the reference on " + testCase + ": " + e.getMessage(),
                    e);
        }
    }

    /** Runs {@code kernel} on the reference alone, to prepare inputs that come from an earlier op. */
    static <T> T onReference(Function<Buffers, T> kernel) {
        try (Buffers io = new Buffers(reference())) {
            return kernel.apply(io);
        }
    }

    /** Holds the one shared reference backend (interfaces cannot have private static fields). */
    final class Oracle {
        static final Backend REFERENCE = new ReferenceBackend();

        private Oracle() {}
    }
}
