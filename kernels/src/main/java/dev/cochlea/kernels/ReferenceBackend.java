package dev.cochlea.kernels;

import java.util.Optional;

/**
 * The plain-Java backend: buffers are {@link HostBuffer}s on the heap, kernels are straightforward loops that read
 * like the maths. It is slow on purpose: it is the oracle the conformance kit tests every other backend against, and
 * its loops are the definition of each {@link Kernels} method. Always available.
 */
public final class ReferenceBackend implements Backend {
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
    public void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        System.arraycopy(src, srcOffset, HostBuffer.floats(dst), Math.toIntExact(dstOffset), count);
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        System.arraycopy(src, srcOffset, HostBuffer.ints(dst), Math.toIntExact(dstOffset), count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        System.arraycopy(HostBuffer.floats(src), Math.toIntExact(srcOffset), dst, dstOffset, count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        System.arraycopy(HostBuffer.ints(src), Math.toIntExact(srcOffset), dst, dstOffset, count);
    }

    @Override
    public Kernels kernels() {
        return kernels;
    }

    /** Every kernel runs synchronously on the calling thread, so there is nothing to wait for. */
    @Override
    public void synchronize() {}

    @Override
    public String toString() {
        return "ReferenceBackend";
    }
}
