package dev.cochlea.benchmarks;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A benchmark that calls one backend's kernels on device buffers: opens the backend, lets the subclass allocate its
 * buffers through {@link #random} and {@link #allocate}, and closes every one of them when the trial ends.
 */
public abstract class KernelBenchmark extends CochleaBenchmark {
    protected Backend device;
    protected Kernels kernels;
    private final List<DeviceBuffer> buffers = new ArrayList<>();

    // One @Setup for the whole hierarchy: JMH does not order a superclass's setup methods before a subclass's.
    @Setup(Level.Trial)
    public final void setUp() {
        device = Backends.get(backend);
        kernels = device.kernels();
        allocateBuffers();
    }

    /** Allocates the trial's buffers (and anything derived from them); runs once the backend is open. */
    protected abstract void allocateBuffers();

    @TearDown(Level.Trial)
    public final void tearDown() {
        for (DeviceBuffer b : buffers) {
            b.close();
        }
        buffers.clear();
    }

    /** {@code n} seeded uniform values in [-0.5, 0.5), closed when the trial ends. */
    protected final DeviceBuffer random(long n, long seed) {
        return track(BufferFill.random(device, n, seed));
    }

    /** {@code n} uninitialised elements, closed when the trial ends. */
    protected final DeviceBuffer allocate(DType dtype, long n) {
        return track(device.allocate(dtype, n));
    }

    /** {@code n} floats set to {@code value}, closed when the trial ends. */
    protected final DeviceBuffer filled(long n, float value) {
        DeviceBuffer b = allocate(DType.FLOAT32, n);
        kernels.fill(b, n, value);
        return b;
    }

    private DeviceBuffer track(DeviceBuffer b) {
        buffers.add(b);
        return b;
    }
}
