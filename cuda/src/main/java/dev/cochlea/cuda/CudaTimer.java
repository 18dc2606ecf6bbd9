package dev.cochlea.cuda;

import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

/**
 * Times work on the GPU with a pair of CUevents recorded on the backend's stream, so the time is what the kernels
 * took, not how long the host spent queueing them:
 * <pre>{@code
 * try (CudaTimer timer = backend.startTimer()) {
 *     kernels.gemm(...);
 *     float ms = timer.stopMillis();
 * }
 * }</pre>
 */
public final class CudaTimer implements AutoCloseable {
    private final CudaDevice device;
    private final CUevent start;
    private CUevent stop;

    CudaTimer(CudaDevice device) {
        this.device = device;
        this.start = device.recordEvent();
    }

    /** Records the end, waits for the work queued before it, and returns the milliseconds since the start. */
    public float stopMillis() {
        if (stop != null) {
            throw new IllegalStateException("this CudaTimer was already stopped");
        }
        stop = device.recordEvent();
        device.checkCall(JCudaDriver.cuEventSynchronize(stop), "cuEventSynchronize", "timer stop");
        float[] millis = new float[1];
        device.checkCall(JCudaDriver.cuEventElapsedTime(millis, start, stop), "cuEventElapsedTime", "timer");
        return millis[0];
    }

    @Override
    public void close() {
        device.makeCurrent();
        device.checkCall(JCudaDriver.cuEventDestroy(start), "cuEventDestroy", "timer start");
        if (stop != null) {
            device.checkCall(JCudaDriver.cuEventDestroy(stop), "cuEventDestroy", "timer stop");
        }
    }
}
