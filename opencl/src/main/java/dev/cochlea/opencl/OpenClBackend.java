package dev.cochlea.opencl;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Lazy;
import java.util.Objects;
import java.util.Optional;
import org.jocl.Pointer;

/**
 * The OpenCL backend over JOCL: one device, one context and one in-order queue. Construction only records the device
 * selector; the first call that needs the device finds it and creates the context, and a failure there (no JOCL
 * natives, no platform, no matching device) becomes the one-line {@link #unavailableReason()}.
 *
 * <p>The device is the best GPU, else a CPU device, unless {@code -Dcochlea.opencl.device=} (see {@link DeviceSelector})
 * or the selector given to {@link #OpenClBackend(DeviceSelector)} says otherwise.
 */
public final class OpenClBackend implements Backend, AutoCloseable {
    private static final String CLOSED = "the OpenCL backend was closed";

    private final DeviceSelector selector;
    private final Object lock = new Object();
    /** The opened context, or the reason there is none (also once closed). */
    private final Lazy<Start> start = new Lazy<>(this::open);

    private final Lazy<OpenClKernels> kernels = new Lazy<>(() -> new OpenClKernels(this, context()));
    private volatile boolean closed;

    /** Either an opened context or the reason there is none. */
    private record Start(ClContext context, String failure) {}

    /** The backend the service loader creates: device from {@value DeviceSelector#PROPERTY}, else automatic. */
    public OpenClBackend() {
        this(DeviceSelector.fromSystemProperty());
    }

    public OpenClBackend(DeviceSelector selector) {
        this.selector = Objects.requireNonNull(selector, "selector");
    }

    /** A backend on the device named by {@code spec}: "platform:device" or a fragment of the device's name. */
    public static OpenClBackend forDevice(String spec) {
        return new OpenClBackend(DeviceSelector.parse(spec));
    }

    @Override
    public String name() {
        return "opencl";
    }

    /**
     * 30 (above cpu) on a GPU; 15 (below the Vector API cpu backend, above reference) on a CPU device such as PoCL,
     * where the native cpu backend is the faster way to use the same cores. Asking opens the device.
     */
    @Override
    public int priority() {
        ClContext context = start.get().context();
        return context != null && context.device.gpu() ? 30 : 15;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(closed ? CLOSED : start.get().failure());
    }

    /** The chosen device, e.g. "0:0 NVIDIA GeForce RTX 3060 (GPU, platform NVIDIA CUDA)"; fails if unavailable. */
    public String deviceDescription() {
        return context().device.describe();
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long elements) {
        if (elements < 0) {
            throw new IllegalArgumentException("negative buffer size " + elements);
        }
        return new ClBuffer(this, dtype, elements, context().pool);
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        checkRange(dst, DType.FLOAT32, dstOffset, count, src.length - srcOffset);
        write(Pointer.to(src), srcOffset, dst, dstOffset, count);
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        checkRange(dst, DType.INT32, dstOffset, count, src.length - srcOffset);
        write(Pointer.to(src), srcOffset, dst, dstOffset, count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        checkRange(src, DType.FLOAT32, srcOffset, count, dst.length - dstOffset);
        read(src, srcOffset, Pointer.to(dst), dstOffset, count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        checkRange(src, DType.INT32, srcOffset, count, dst.length - dstOffset);
        read(src, srcOffset, Pointer.to(dst), dstOffset, count);
    }

    /** Copies {@code count} 4-byte elements from a host array (offsets in elements) into a device buffer. */
    private void write(Pointer host, int hostOffset, DeviceBuffer dst, long dstOffset, int count) {
        if (count > 0) {
            context().write((ClBuffer) dst, dstOffset * 4, count * 4L, host.withByteOffset(hostOffset * 4L));
        }
    }

    /** Copies {@code count} 4-byte elements from a device buffer into a host array (offsets in elements). */
    private void read(DeviceBuffer src, long srcOffset, Pointer host, int hostOffset, int count) {
        if (count > 0) {
            context().read((ClBuffer) src, srcOffset * 4, count * 4L, host.withByteOffset(hostOffset * 4L));
        }
    }

    @Override
    public Kernels kernels() {
        return kernels.get();
    }

    @Override
    public void synchronize() {
        context().finish();
    }

    /** Waits for queued work, then releases pooled memory, programs, the queue and the context. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            Start s = start.peek();
            if (s != null && s.context() != null) {
                s.context().close();
            }
        }
    }

    /** The live context; throws with the reason when the backend cannot start. */
    ClContext context() {
        Start s = start.get();
        if (s.context() == null) {
            throw new IllegalStateException("OpenCL backend is unavailable: " + (closed ? CLOSED : s.failure()));
        }
        return s.context();
    }

    /** Never throws: missing natives, no platform and no matching device all become the reason. */
    private Start open() {
        synchronized (lock) {
            if (closed) {
                return new Start(null, CLOSED);
            }
            Optional<String> refusal = PoclSignalGuard.refusal(System.getenv());
            if (refusal.isPresent()) {
                return new Start(null, refusal.get());
            }
            try {
                return new Start(ClContext.open(selector.choose(DeviceCatalog.list())), null);
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                return new Start(null, nativeLoadFailure(e));
            } catch (RuntimeException e) {
                return new Start(null, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
    }

    /** JOCL's own message does not say what to install; on Linux the usual cause is a missing libOpenCL.so link. */
    private static String nativeLoadFailure(LinkageError e) {
        String message = String.valueOf(e.getMessage()).replace('\n', ' ');
        String hint = System.getProperty("os.name", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("linux")
                ? "; JOCL loads libOpenCL.so: install the ICD loader's development link (Debian/Ubuntu: ocl-icd-opencl-dev, "
                        + "Fedora: ocl-icd-devel) or put a libOpenCL.so -> libOpenCL.so.1 link on LD_LIBRARY_PATH"
                : "";
        return "JOCL could not load the OpenCL library (" + message + ")" + hint;
    }

    private void checkRange(DeviceBuffer buffer, DType dtype, long offset, int count, int hostRoom) {
        if (!(buffer instanceof ClBuffer) || buffer.backend() != this) {
            throw new IllegalArgumentException(
                    "buffer belongs to backend '" + buffer.backend().name() + "', not to this OpenCL backend");
        }
        if (buffer.dtype() != dtype) {
            throw new IllegalArgumentException("buffer holds " + buffer.dtype() + ", not " + dtype);
        }
        if (count < 0 || offset < 0 || offset + count > buffer.size() || count > hostRoom) {
            throw new IndexOutOfBoundsException(
                    "copy of " + count + " elements at offset " + offset + " does not fit a buffer of " + buffer.size()
                            + " elements or a host array with room for " + hostRoom);
        }
    }
}
