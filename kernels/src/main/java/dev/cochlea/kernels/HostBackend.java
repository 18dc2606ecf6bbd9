package dev.cochlea.kernels;

/**
 * A backend whose buffers are {@link HostBuffer}s on the Java heap (reference, cpu): copies to and from the host are
 * array copies, written here once. Subclasses say how buffers are allocated and which kernels run on them.
 */
public abstract class HostBackend implements Backend {

    @Override
    public final void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        System.arraycopy(src, srcOffset, HostBuffer.floats(dst), Math.toIntExact(dstOffset), count);
    }

    @Override
    public final void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        System.arraycopy(src, srcOffset, HostBuffer.ints(dst), Math.toIntExact(dstOffset), count);
    }

    @Override
    public final void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        System.arraycopy(HostBuffer.floats(src), Math.toIntExact(srcOffset), dst, dstOffset, count);
    }

    @Override
    public final void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        System.arraycopy(HostBuffer.ints(src), Math.toIntExact(srcOffset), dst, dstOffset, count);
    }

    /** Kernels run synchronously on the calling threads, so there is nothing to wait for. */
    @Override
    public void synchronize() {}
}
