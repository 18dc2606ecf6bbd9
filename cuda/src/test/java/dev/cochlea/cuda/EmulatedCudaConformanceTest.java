package dev.cochlea.cuda;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.conformance.KernelConformanceTest;

/**
 * The conformance kit against the real .cu kernels and CudaKernels' launch logic, run in the CPU emulator
 * (src/test/cpp/emulator) since no GPU is needed for it: it proves the kernels' arithmetic and indexing. GPU-only
 * behaviour (the JIT, memory ordering, timing) is left to {@link CudaConformanceTest} on a machine with a GPU.
 */
class EmulatedCudaConformanceTest extends KernelConformanceTest {
    private static final Backend EMULATED = EmulatedCudaBackend.start();

    @Override
    protected Backend backend() {
        return EMULATED;
    }
}
