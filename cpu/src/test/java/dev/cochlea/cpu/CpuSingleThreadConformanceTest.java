package dev.cochlea.cpu;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.conformance.KernelConformanceTest;

/** Every kernel against the reference on one thread: the inline paths, without the parallel split. */
class CpuSingleThreadConformanceTest extends KernelConformanceTest {
    private static final Backend BACKEND = new CpuBackend(1);

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
