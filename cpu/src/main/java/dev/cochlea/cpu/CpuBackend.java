package dev.cochlea.cpu;

import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.HostBackend;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Lazy;
import java.util.Optional;

/**
 * The cpu backend: heap buffers from a {@link BufferPool} and kernels written with the JDK Vector API, run on a fixed
 * pool of {@code cochlea.threads} threads (default: every available processor).
 *
 * <p>This class must load and answer {@link #unavailableReason()} on a JVM started without
 * {@code --add-modules jdk.incubator.vector}, so it never names a Vector API class: the kernels are loaded
 * reflectively, on first use, only once the module is known to be present.
 */
public final class CpuBackend extends HostBackend {
    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String THREADS_PROPERTY = "cochlea.threads";
    static final String POOL_BYTES_PROPERTY = "cochlea.cpu.poolBytes";

    private final int threads;
    private final BufferPool pool;
    private final Lazy<Kernels> kernels = new Lazy<>(this::loadKernels);

    /** Threads from {@code -Dcochlea.threads}, else every available processor. */
    public CpuBackend() {
        this(Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors()));
    }

    public CpuBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the cpu backend needs at least one thread, got " + threads);
        }
        this.threads = threads;
        long defaultRetained = Runtime.getRuntime().maxMemory() / 2;
        this.pool = new BufferPool(Long.getLong(POOL_BYTES_PROPERTY, defaultRetained));
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int priority() {
        return 20;
    }

    public int threads() {
        return threads;
    }

    /** The pool behind {@link #allocate}; exposed for tests and for reporting retained memory. */
    public BufferPool pool() {
        return pool;
    }

    @Override
    public Optional<String> unavailableReason() {
        return vectorModuleMissing(ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent());
    }

    static Optional<String> vectorModuleMissing(boolean present) {
        return present
                ? Optional.empty()
                : Optional.of(VECTOR_MODULE + " is not enabled: start the JVM with --add-modules " + VECTOR_MODULE);
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long elements) {
        return pool.allocate(this, dtype, elements);
    }

    @Override
    public Kernels kernels() {
        return kernels.get();
    }

    private Kernels loadKernels() {
        unavailableReason().ifPresent(why -> {
            throw new IllegalStateException("the cpu backend is unavailable: " + why);
        });
        try {
            return (Kernels) Class.forName("dev.cochlea.cpu.CpuKernels")
                    .getDeclaredConstructor(int.class)
                    .newInstance(threads);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the cpu kernels", e);
        }
    }

    /** The vector width and the register tile this JVM runs, and why that tile (see TileHeight). */
    @Override
    public String tuning() {
        unavailableReason().ifPresent(why -> {
            throw new IllegalStateException("the cpu backend is unavailable: " + why);
        });
        return MachineTuning.describe();
    }

    @Override
    public String toString() {
        return "cpu(" + threads + " threads)";
    }
}
