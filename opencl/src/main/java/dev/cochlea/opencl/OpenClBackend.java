package dev.cochlea.opencl;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import org.jocl.Pointer;

import java.util.Objects;
import java.util.Optional;

/**
 * The OpenCL backend over JOCL: one device, one context and one in-order queue. Construction only records the device
 * selector; the first call that needs the device finds it and creates the context, and a failure there (no JOCL
 * natives, no platform, no matching device) becomes the one-line {@link #unavailableReason()}.
 *
 * <p>The device is the best GPU, else a CPU device, unless {@code -Dcochlea.opencl.device=} (see {@link DeviceSelector})
 * or the selector given to {@link #OpenClBackend(DeviceSelector)} says otherwise.
 */
public final class OpenClBackend implements Backend, AutoCloseable {
    private final DeviceSelector selector;
    private final Object lock = new Object();
    private volatile ClContext context;
    private volatile String failure;
    private volatile OpenClKernels kernels;
    private boolean closed;

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
        initialise();
        return context != null && context.device.gpu() ? 30 : 15;
    }

    @Override
    public Optional<String> unavailableReason() {
        initialise();
        return Optional.ofNullable(failure);
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
        if (count > 0) {
            context().write((ClBuffer) dst, dstOffset * 4, count * 4L, Pointer.to(src).withByteOffset(srcOffset * 4L));
        }
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        checkRange(dst, DType.INT32, dstOffset, count, src.length - srcOffset);
        if (count > 0) {
            context().write((ClBuffer) dst, dstOffset * 4, count * 4L, Pointer.to(src).withByteOffset(srcOffset * 4L));
        }
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        checkRange(src, DType.FLOAT32, srcOffset, count, dst.length - dstOffset);
        if (count > 0) {
            context().read((ClBuffer) src, srcOffset * 4, count * 4L, Pointer.to(dst).withByteOffset(dstOffset * 4L));
        }
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        checkRange(src, DType.INT32, srcOffset, count, dst.length - dstOffset);
        if (count > 0) {
            context().read((ClBuffer) src, srcOffset * 4, count * 4L, Pointer.to(dst).withByteOffset(dstOffset * 4L));
        }
    }

    @Override
    public Kernels kernels() {
        OpenClKernels k = kernels;
        if (k == null) {
            synchronized (lock) {
                if (kernels == null) {
                    kernels = new OpenClKernels(this, context());
                }
                k = kernels;
            }
        }
        return k;
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
            if (context != null) {
                context.close();
            }
            failure = "the OpenCL backend was closed";
        }
    }

    /** The live context; throws with the reason when the backend cannot start. */
    ClContext context() {
        initialise();
        ClContext c = context;
        if (c == null) {
            throw new IllegalStateException("OpenCL backend is unavailable: " + failure);
        }
        return c;
    }

    private void initialise() {
        if (context != null || failure != null) {
            return;
        }
        synchronized (lock) {
            if (context != null || failure != null) {
                return;
            }
            try {
                context = ClContext.open(selector.choose(DeviceCatalog.list()));
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                failure = nativeLoadFailure(e);
            } catch (RuntimeException e) {
                failure = e.getMessage() == null ? e.toString() : e.getMessage();
            }
        }
    }

    /** JOCL's own message does not say what to install; on Linux the usual cause is a missing libOpenCL.so link. */
    private static String nativeLoadFailure(LinkageError e) {
        String message = String.valueOf(e.getMessage()).replace('\n', ' ');
        String hint = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")
                ? "; JOCL loads libOpenCL.so: install the ICD loader's development link (Debian/Ubuntu: ocl-icd-opencl-dev, "
                + "Fedora: ocl-icd-devel) or put a libOpenCL.so -> libOpenCL.so.1 link on LD_LIBRARY_PATH"
                : "";
        return "JOCL could not load the OpenCL library (" + message + ")" + hint;
    }

    private void checkRange(DeviceBuffer buffer, DType dtype, long offset, int count, int hostRoom) {
        if (!(buffer instanceof ClBuffer) || buffer.backend() != this) {
            throw new IllegalArgumentException("buffer belongs to backend '" + buffer.backend().name()
                    + "', not to this OpenCL backend");
        }
        if (buffer.dtype() != dtype) {
            throw new IllegalArgumentException("buffer holds " + buffer.dtype() + ", not " + dtype);
        }
        if (count < 0 || offset < 0 || offset + count > buffer.size() || count > hostRoom) {
            throw new IndexOutOfBoundsException("copy of " + count + " elements at offset " + offset
                    + " does not fit a buffer of " + buffer.size() + " elements or a host array with room for " + hostRoom);
        }
    }
}
