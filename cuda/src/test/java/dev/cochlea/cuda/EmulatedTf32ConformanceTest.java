package dev.cochlea.cuda;

import dev.cochlea.kernels.Backend;

/**
 * The TF32 tensor-core kernels in the CPU emulator, whose mma.sync and cvt.rna.tf32 follow the PTX ISA's fragment
 * layouts and rounding (src/test/cpp/emulator/cuda_emulation.h): proves the tiles' fragment indexing and the TF32
 * error bound without a GPU.
 */
class EmulatedTf32ConformanceTest extends Tf32Conformance {
    private static final Backend EMULATED = EmulatedCudaBackend.start(true);

    @Override
    protected Backend tf32Backend() {
        return EMULATED;
    }
}
