package dev.cochlea.cuda;

import dev.cochlea.kernels.Backend;

/** The TF32 kernels on the GPU under the same bound; skipped, with the backend's reason, where there is none. */
class CudaTf32ConformanceTest extends Tf32Conformance {
    private static final Backend CUDA = new CudaBackend(true);

    @Override
    protected Backend tf32Backend() {
        return CUDA;
    }
}
