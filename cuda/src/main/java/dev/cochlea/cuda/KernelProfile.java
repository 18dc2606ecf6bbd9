package dev.cochlea.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jcuda.driver.CUevent;
import jcuda.driver.JCudaDriver;

/**
 * GPU time per kernel: while a profile is open, every launch is bracketed by two CUevents on the backend's stream,
 * so each kernel's time is what the GPU spent on it, not the host's queueing. Costs two event records per launch:
 * for profiling runs, not for production.
 * <pre>{@code
 * try (KernelProfile profile = backend.startProfile()) {
 *     trainingStep();
 *     System.out.print(profile.report(1));
 * }
 * }</pre>
 */
public final class KernelProfile implements AutoCloseable {
    private record Timed(String kernel, CUevent start, CUevent stop) {}

    /** Milliseconds and launches of one kernel. */
    public record Total(String kernel, double millis, int launches) {}

    private final CudaDevice device;
    private final List<Timed> launches = new ArrayList<>();
    private CUevent pendingStart;
    private boolean closed;

    KernelProfile(CudaDevice device) {
        this.device = device;
    }

    synchronized void before() {
        pendingStart = event();
    }

    synchronized void after(Launch launch) {
        launches.add(new Timed(launch.kernel().name(), pendingStart, event()));
        pendingStart = null;
    }

    private CUevent event() {
        CUevent e = new CUevent();
        device.checkCall(JCudaDriver.cuEventCreate(e, 0), "cuEventCreate", "profile event");
        device.checkCall(JCudaDriver.cuEventRecord(e, device.stream()), "cuEventRecord", "profile event");
        return e;
    }

    /** Per kernel, the GPU milliseconds and launches so far, the most expensive first (waits for the GPU). */
    public synchronized List<Total> totals() {
        device.synchronize();
        Map<String, double[]> sums = new LinkedHashMap<>();
        float[] ms = new float[1];
        for (Timed t : launches) {
            device.checkCall(JCudaDriver.cuEventElapsedTime(ms, t.start(), t.stop()), "cuEventElapsedTime", "profile");
            double[] s = sums.computeIfAbsent(t.kernel(), k -> new double[2]);
            s[0] += ms[0];
            s[1]++;
        }
        List<Total> totals = new ArrayList<>();
        sums.forEach((k, s) -> totals.add(new Total(k, s[0], (int) s[1])));
        totals.sort((a, b) -> Double.compare(b.millis(), a.millis()));
        return totals;
    }

    /** A table of {@link #totals()} divided by {@code steps}: milliseconds per step, share, launches per step. */
    public String report(int steps) {
        List<Total> totals = totals();
        double all = totals.stream().mapToDouble(Total::millis).sum();
        StringBuilder out = new StringBuilder(
                String.format(Locale.ROOT, "%10s %6s %8s  %s%n", "GPU ms/step", "%", "launches", "kernel"));
        for (Total t : totals) {
            out.append(String.format(
                    Locale.ROOT,
                    "%10.3f %6.1f %8.1f  %s%n",
                    t.millis() / steps,
                    100 * t.millis() / all,
                    (double) t.launches() / steps,
                    t.kernel()));
        }
        out.append(String.format(Locale.ROOT, "%10.3f %6.1f %8s  all kernels%n", all / steps, 100.0, ""));
        return out.toString();
    }

    /** Stops recording and releases the events. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        device.endProfile(this);
        for (Timed t : launches) {
            JCudaDriver.cuEventDestroy(t.start());
            JCudaDriver.cuEventDestroy(t.stop());
        }
        launches.clear();
    }
}
