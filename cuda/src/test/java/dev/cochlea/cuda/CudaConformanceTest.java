package dev.cochlea.cuda;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.conformance.KernelConformanceTest;

/** The conformance kit against the reference; skipped, with the backend's reason, where there is no GPU. */
class CudaConformanceTest extends KernelConformanceTest {
    private static final Backend CUDA = new CudaBackend();

    @Override
    protected Backend backend() {
        return CUDA;
    }
}
