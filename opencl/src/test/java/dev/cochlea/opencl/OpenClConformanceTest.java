package dev.cochlea.opencl;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.conformance.KernelConformanceTest;

/** The whole conformance kit against the reference, on the automatically chosen OpenCL device. */
class OpenClConformanceTest extends KernelConformanceTest {
    /** One backend for the class: programs build once and are reused by every test. */
    private static final OpenClBackend BACKEND = new OpenClBackend();

    @Override
    protected Backend backend() {
        return BACKEND;
    }
}
