package dev.cochlea.cuda;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.Lazy;
import java.util.Optional;

/**
 * The "cuda" backend: hand-written kernels on an NVIDIA GPU through JCuda's driver API. Construction does nothing;
 * the driver is loaded and the device opened on first use (device 0, or {@code -Dcochlea.cuda.device=N}). Without a
 * driver or a device, {@link #unavailableReason()} says why in one line and every other method refuses with it.
 *
 * <p>Precision: gemm and the convolutions run on TF32 tensor cores by default, as PyTorch runs convolutions
 * ({@code torch.backends.cudnn.allow_tf32}); {@code -Dcochlea.cuda.tf32=false} selects exact float32 kernels.
 * Everything else is float32 (with double where sums cancel).
 */
public final class CudaBackend implements Backend {
    public static final String NAME = "cuda";
    public static final String DEVICE_PROPERTY = "cochlea.cuda.device";
    /** {@code -Dcochlea.cuda.tf32=false}: exact float32 matrix products and convolutions instead of TF32. */
    public static final String TF32_PROPERTY = "cochlea.cuda.tf32";

    /** Either a started device or the reason there is none. */
    private record Start(CudaDevice device, String failure) {}

    private final Lazy<Start> start = new Lazy<>(this::open);
    private final Lazy<Kernels> kernels = new Lazy<>(() -> new CudaKernels(device(), usesTf32()));
    private final boolean tf32Wanted;

    /** TF32 unless {@code -Dcochlea.cuda.tf32=false}. */
    public CudaBackend() {
        this(!"false".equalsIgnoreCase(System.getProperty(TF32_PROPERTY, "true").trim()));
    }

    /** With TF32 tensor cores for gemm and the convolutions ({@code tf32}) or exact float32 (tests, comparisons). */
    CudaBackend(boolean tf32) {
        this.tf32Wanted = tf32;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 40;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(start().failure());
    }

    private Start start() {
        return start.get();
    }

    /** Never throws: linkage errors from JCuda's natives, driver errors and bad settings all become the reason. */
    private Start open() {
        String property = System.getProperty(DEVICE_PROPERTY, "0").trim();
        int ordinal;
        try {
            ordinal = Integer.parseInt(property);
        } catch (NumberFormatException e) {
            return new Start(null, "-D" + DEVICE_PROPERTY + "=" + property + " is not a device number");
        }
        String linkFailure = NativeDriver.loadFailure();
        if (linkFailure != null) {
            return new Start(null, linkFailure);
        }
        try {
            return new Start(CudaDevice.open(this, ordinal), null);
        } catch (CudaUnavailableException e) {
            return new Start(null, e.getMessage());
        } catch (Throwable t) {
            return new Start(null, StartupFailures.describe(t));
        }
    }

    private CudaDevice device() {
        Start s = start();
        if (s.device() == null) {
            throw new IllegalStateException("the cuda backend is unavailable: " + s.failure());
        }
        return s.device();
    }

    /** The GPU's name as the driver reports it, e.g. "NVIDIA H100 80GB HBM3". */
    public String deviceName() {
        return device().name();
    }

    /**
     * Whether gemm and the convolutions run on TF32 tensor cores: asked for (the default) and the GPU has them
     * (compute capability 8.0+, which the PTX requires anyway).
     */
    public boolean usesTf32() {
        return tf32Wanted && device().computeCapability() >= 80;
    }

    /** Starts timing each kernel launched from now on on the GPU, until the profile is closed. */
    public KernelProfile startProfile() {
        return device().startProfile();
    }

    /** Starts timing the work queued from now on (see {@link CudaTimer}). */
    public CudaTimer startTimer() {
        return new CudaTimer(device());
    }

    /** Bytes lent out as live buffers, and bytes cached by the allocator for reuse. */
    public long bytesInUse() {
        return device().bytesInUse();
    }

    public long bytesCached() {
        return device().pooledBytes();
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long elements) {
        return device().allocate(dtype, elements);
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        CudaBuffer target = checked(dst, DType.FLOAT32, dstOffset, count, src.length, srcOffset, "upload");
        if (count > 0) {
            device().copyToDevice(PinnedStaging.HostArray.of(src), srcOffset, target, dstOffset, count);
        }
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        CudaBuffer target = checked(dst, DType.INT32, dstOffset, count, src.length, srcOffset, "upload");
        if (count > 0) {
            device().copyToDevice(PinnedStaging.HostArray.of(src), srcOffset, target, dstOffset, count);
        }
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        CudaBuffer source = checked(src, DType.FLOAT32, srcOffset, count, dst.length, dstOffset, "download");
        if (count > 0) {
            device().copyToHost(source, srcOffset, PinnedStaging.HostArray.of(dst), dstOffset, count);
        }
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        CudaBuffer source = checked(src, DType.INT32, srcOffset, count, dst.length, dstOffset, "download");
        if (count > 0) {
            device().copyToHost(source, srcOffset, PinnedStaging.HostArray.of(dst), dstOffset, count);
        }
    }

    /** Host copies are the one place where a wrong range would corrupt memory silently, so check them here. */
    private CudaBuffer checked(
            DeviceBuffer buffer,
            DType dtype,
            long bufferOffset,
            int count,
            int arrayLength,
            int arrayOffset,
            String what) {
        if (!(buffer instanceof CudaBuffer cuda) || buffer.backend() != this) {
            throw new IllegalArgumentException(what + " needs a buffer of this cuda backend, got one of '"
                    + buffer.backend().name() + "'");
        }
        if (buffer.dtype() != dtype) {
            throw new IllegalArgumentException(what + " of " + dtype + " data into a " + buffer.dtype() + " buffer");
        }
        if (count < 0
                || bufferOffset < 0
                || bufferOffset + count > buffer.size()
                || arrayOffset < 0
                || arrayOffset + (long) count > arrayLength) {
            throw new IndexOutOfBoundsException(what + " of " + count + " elements at buffer offset " + bufferOffset
                    + " (buffer size " + buffer.size() + ") and array offset " + arrayOffset + " (array length "
                    + arrayLength + ")");
        }
        return cuda;
    }

    @Override
    public Kernels kernels() {
        return kernels.get();
    }

    @Override
    public void synchronize() {
        device().synchronize();
    }

    @Override
    public String toString() {
        Start s = start.peek();
        if (s == null) {
            return "cuda (not started)";
        }
        return s.device() != null
                ? "cuda (" + s.device().name() + ", device " + s.device().ordinal() + ")"
                : "cuda (unavailable: " + s.failure() + ")";
    }
}
