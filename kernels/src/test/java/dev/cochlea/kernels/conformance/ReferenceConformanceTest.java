package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.ReferenceBackend;

/**
 * Runs the kit on the reference against itself: proves the kit runs, and catches nondeterminism (a second run on
 * fresh buffers must give identical results) and outputs that are not fully written (NaN pre-fill).
 */
class ReferenceConformanceTest extends KernelConformanceTest {
    @Override
    protected Backend backend() {
        return new ReferenceBackend();
    }
}
