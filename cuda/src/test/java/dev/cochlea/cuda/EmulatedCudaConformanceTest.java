package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.conformance.KernelConformanceTest;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit against the real .cu kernels and CudaKernels' launch logic, run in the CPU emulator
 * (src/test/cpp/emulator) since no GPU is needed for it: it proves the kernels' arithmetic and indexing. This runs
 * the exact float32 path ({@code -Dcochlea.cuda.tf32=false}); {@link EmulatedTf32ConformanceTest} runs the tensor-core
 * path under TF32 tolerances. GPU-only behaviour (the JIT, memory ordering, timing) is left to
 * {@link CudaConformanceTest} on a machine with a GPU.
 */
class EmulatedCudaConformanceTest extends KernelConformanceTest {
    private static final Backend EMULATED = EmulatedCudaBackend.start();

    @Override
    protected Backend backend() {
        return EMULATED;
    }

    /** With a host compiler present, a kernel that does not compile must fail the build, not skip the kit. */
    @Test
    void emulatorBuildsWhereThereIsAHostCompiler() {
        assumeTrue(CudaSources.onPath("g++") != null, "g++ is not on the PATH");
        assertNotNull(EmulatorBuild.binary(), EmulatorBuild::failure);
    }
}
