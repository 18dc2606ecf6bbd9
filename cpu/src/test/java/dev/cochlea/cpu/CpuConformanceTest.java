package dev.cochlea.cpu;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.conformance.KernelConformanceTest;

/** Every kernel against the reference, using all available processors (so the parallel paths run). */
class CpuConformanceTest extends KernelConformanceTest {
    private static final Backend BACKEND =
            new CpuBackend(Math.max(2, Runtime.getRuntime().availableProcessors()));

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
