package dev.cochlea.kernels;

import java.util.Optional;

/**
 * A named device that can allocate buffers, copy to and from the host, and run {@link Kernels}.
 *
 * <p>Implementations are found through {@link java.util.ServiceLoader} (see {@link Backends}); their constructor must be
 * cheap and must not throw: a backend that cannot start (no driver, no platform) answers {@link #unavailableReason()}
 * with one line that says why, and is skipped.
 *
 * <p>Kernels may run asynchronously; copies to the host ({@link #download}) wait for the work queued before them.
 */
public interface Backend {
    /** Short lower-case name used on command lines and in {@code -Dcochlea.backend=} ("reference", "cpu", ...). */
    String name();

    /** Preference when choosing the best available backend: higher wins (cuda 40, opencl on a GPU 30, cpu 20,
     * opencl on a CPU device 15, reference 10). May start the device to find out what it is. */
    int priority();

    /** Empty when the backend can be used; otherwise one human-readable line saying why not. Never throws. */
    Optional<String> unavailableReason();

    default boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    /** A buffer of {@code elements} elements whose contents are unspecified (kernels overwrite their outputs). */
    DeviceBuffer allocate(DType dtype, long elements);

    void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count);

    void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count);

    void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count);

    void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count);

    Kernels kernels();

    /** Waits until every kernel queued so far has finished. */
    void synchronize();

    /**
     * How this backend adapted itself to the machine it runs on (for example the cpu backend's calibrated register
     * tile), in one line for reports; "none" where it does not.
     */
    default String tuning() {
        return "none";
    }
}
