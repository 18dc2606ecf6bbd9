package dev.cochlea.kernels;

import java.util.Optional;

/**
 * The plain-Java backend: buffers are {@link HostBuffer}s on the heap, kernels are straightforward loops that read
 * like the maths. It is slow on purpose: it is the oracle the conformance kit tests every other backend against, and
 * its loops are the definition of each {@link Kernels} method. Always available.
 */
public final class ReferenceBackend extends HostBackend {
    private final Kernels kernels = new ReferenceKernels();

    public ReferenceBackend() {}

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long elements) {
        return new HostBuffer(this, dtype, elements);
    }

    @Override
    public Kernels kernels() {
        return kernels;
    }

    @Override
    public String toString() {
        return "ReferenceBackend";
    }
}
