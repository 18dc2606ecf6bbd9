package dev.cochlea.cuda;

import static dev.cochlea.cuda.CudaCalls.check;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

/**
 * One GPU through JCuda's driver API: its primary context, one stream that every kernel and copy runs on in order,
 * the PTX modules, the caching allocator and the pinned staging buffers for host copies.
 *
 * <p>Failures: every driver call goes through {@link FaultLog#check}, whose message names the last kernels queued
 * (an execution error surfaces at a later call); after an error that kills the context, every method refuses with
 * one {@link CudaContextLostException}. {@code -Dcochlea.cuda.sync=true} synchronises after each launch so the
 * failing kernel is the last one named.
 *
 * <p>Buffers handed to the driver are kept reachable until the call has queued its work
 * ({@link Reference#reachabilityFence}): otherwise the Cleaner could return a buffer to the pool, and the pool lend
 * it out, while its address is in flight. Work queued later on the same stream runs after, so that is enough.
 */
final class CudaDevice implements KernelHost {
    /** Synchronise after every launch, so an execution error names the kernel that caused it (debugging aid). */
    static final String SYNC_PROPERTY = "cochlea.cuda.sync";

    private final Backend owner;
    private final int ordinal;
    private final String name;
    private final int computeCapability;
    private final CUcontext context;
    private final CUstream stream;
    private final FaultLog faults;
    private final CudaModules modules;
    private final DevicePool<CUdeviceptr> pool;
    private final PinnedStaging staging;
    private final boolean syncEachLaunch = Boolean.getBoolean(SYNC_PROPERTY);
    private final ThreadLocal<Boolean> currentOnThread = ThreadLocal.withInitial(() -> false);
    private volatile KernelProfile profile;

    private CudaDevice(
            Backend owner,
            int ordinal,
            String name,
            int computeCapability,
            int driverVersion,
            CUcontext context,
            CUstream stream) {
        this.owner = owner;
        this.ordinal = ordinal;
        this.name = name;
        this.computeCapability = computeCapability;
        this.context = context;
        this.stream = stream;
        this.faults = new FaultLog(name + " (device " + ordinal + ")", syncEachLaunch);
        this.modules = new CudaModules(faults, driverVersion);
        this.pool = new DevicePool<>(new DriverMemory());
        currentOnThread.set(true);
        this.staging = new PinnedStaging(stream, faults);
    }

    /** Opens device {@code ordinal}; needs {@link NativeDriver#loadFailure()} to have succeeded. */
    static CudaDevice open(Backend owner, int ordinal) throws CudaUnavailableException {
        int init = JCudaDriver.cuInit(0);
        if (init == CUresult.CUDA_ERROR_NO_DEVICE) {
            throw new CudaUnavailableException("no CUDA device: cuInit returned CUDA_ERROR_NO_DEVICE");
        }
        if (init != CUresult.CUDA_SUCCESS) {
            throw new CudaUnavailableException("cuInit failed: " + CUresult.stringFor(init));
        }
        int[] count = new int[1];
        check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount", "counting devices");
        if (count[0] == 0) {
            throw new CudaUnavailableException("no CUDA device found");
        }
        if (ordinal < 0 || ordinal >= count[0]) {
            throw new CudaUnavailableException("-D" + CudaBackend.DEVICE_PROPERTY + "=" + ordinal
                    + " but there are only " + count[0] + " CUDA device(s)");
        }
        CUdevice device = new CUdevice();
        check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet", "device " + ordinal);
        byte[] nameBytes = new byte[256];
        check(JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName", "device " + ordinal);
        int major = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = attribute(device, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        if (major < 8) {
            throw new CudaUnavailableException(cString(nameBytes) + " has compute capability " + major + "." + minor
                    + "; the kernels are built for " + PtxResources.TARGET + " (Ampere) and newer");
        }
        int[] driver = new int[1];
        check(JCudaDriver.cuDriverGetVersion(driver), "cuDriverGetVersion", "device " + ordinal);
        CUcontext context = new CUcontext();
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain", "device " + ordinal);
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent", "device " + ordinal);
        CUstream stream = new CUstream();
        check(JCudaDriver.cuStreamCreate(stream, 0), "cuStreamCreate", "device " + ordinal);
        return new CudaDevice(owner, ordinal, cString(nameBytes), 10 * major + minor, driver[0], context, stream);
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute", "device attribute");
        return value[0];
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.US_ASCII);
    }

    String name() {
        return name;
    }

    int ordinal() {
        return ordinal;
    }

    /** Compute capability as 10 x major + minor (80 for an A100, 90 for an H100). */
    int computeCapability() {
        return computeCapability;
    }

    /** JCuda calls act on the calling thread's current context; bind ours once per thread. Refuses a dead context. */
    void makeCurrent() {
        faults.requireAlive();
        if (!currentOnThread.get()) {
            faults.check(
                    JCudaDriver.cuCtxSetCurrent(context),
                    "cuCtxSetCurrent",
                    "binding device " + ordinal + " to thread "
                            + Thread.currentThread().getName());
            currentOnThread.set(true);
        }
    }

    CudaBuffer allocate(DType dtype, long elements) {
        if (elements < 0) {
            throw new IllegalArgumentException("cannot allocate " + elements + " elements");
        }
        makeCurrent();
        DevicePool.Block<CUdeviceptr> block = pool.acquire(Math.max(elements, 1) * dtype.bytes());
        return new CudaBuffer(owner, dtype, elements, pool, block);
    }

    @Override
    public DeviceBuffer scratch(DType dtype, long elements) {
        return allocate(dtype, elements);
    }

    /** Queues the copy of {@code count} elements of {@code src} into {@code dst} at element {@code dstOffset}. */
    void copyToDevice(PinnedStaging.HostArray src, int srcOffset, CudaBuffer dst, long dstOffset, int count) {
        makeCurrent();
        try {
            staging.upload(src, srcOffset, dst.pointer().withByteOffset(4L * dstOffset), count);
        } finally {
            Reference.reachabilityFence(dst);
        }
    }

    /** Copies after the queued kernels; a failure in one of them is reported as such. */
    void copyToHost(CudaBuffer src, long srcOffset, PinnedStaging.HostArray dst, int dstOffset, int count) {
        makeCurrent();
        try {
            staging.download(src.pointer().withByteOffset(4L * srcOffset), dst, dstOffset, count);
        } finally {
            Reference.reachabilityFence(src);
        }
    }

    @Override
    public void launch(Launch launch) {
        makeCurrent();
        faults.launched(launch);
        KernelProfile p = profile;
        if (p != null) {
            p.before();
        }
        try {
            faults.check(
                    JCudaDriver.cuLaunchKernel(
                            modules.function(launch.kernel()),
                            launch.gridX(),
                            launch.gridY(),
                            launch.gridZ(),
                            launch.block(),
                            1,
                            1,
                            0,
                            stream,
                            JCudaArgs.pack(launch),
                            null),
                    "cuLaunchKernel",
                    "kernel " + launch.kernel());
        } finally {
            // The launch holds its buffer arguments: none may be reclaimed before its addresses are queued.
            Reference.reachabilityFence(launch);
        }
        if (p != null) {
            p.after(launch);
        }
        if (syncEachLaunch) {
            synchronize();
        }
    }

    /** Starts timing every launch on the GPU until the profile is closed; one profile at a time. */
    synchronized KernelProfile startProfile() {
        makeCurrent();
        if (profile != null) {
            throw new IllegalStateException("a KernelProfile is already open on " + name);
        }
        profile = new KernelProfile(this);
        return profile;
    }

    synchronized void endProfile(KernelProfile ended) {
        if (profile == ended) {
            profile = null;
        }
    }

    CUstream stream() {
        return stream;
    }

    void synchronize() {
        makeCurrent();
        faults.check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize", "waiting for queued work");
    }

    CUevent recordEvent() {
        makeCurrent();
        CUevent event = new CUevent();
        faults.check(JCudaDriver.cuEventCreate(event, 0), "cuEventCreate", "timer event");
        faults.check(JCudaDriver.cuEventRecord(event, stream), "cuEventRecord", "timer event");
        return event;
    }

    /** Checks a driver call made on this device's behalf (timers). */
    void checkCall(int result, String call, String purpose) {
        faults.check(result, call, purpose);
    }

    /** The last kernels queued, oldest first (for diagnostics). */
    String recentLaunches() {
        return faults.recentLaunches();
    }

    long pooledBytes() {
        return pool.cachedBytes();
    }

    long bytesInUse() {
        return pool.inUseBytes();
    }

    /** cuMemAlloc / cuMemFree under the pool; runs on threads that already made the context current. */
    private final class DriverMemory implements DevicePool.Memory<CUdeviceptr> {
        @Override
        public CUdeviceptr allocate(long bytes) {
            CUdeviceptr pointer = new CUdeviceptr();
            int result = JCudaDriver.cuMemAlloc(pointer, bytes);
            if (result == CUresult.CUDA_ERROR_OUT_OF_MEMORY) {
                throw new DevicePool.OutOfDeviceMemory(
                        "cuMemAlloc of " + bytes + " bytes on " + name + ": CUDA_ERROR_OUT_OF_MEMORY");
            }
            faults.check(result, "cuMemAlloc", bytes + " bytes");
            return pointer;
        }

        @Override
        public void free(CUdeviceptr block) {
            makeCurrent();
            faults.check(JCudaDriver.cuMemFree(block), "cuMemFree", "returning cached memory");
        }

        @Override
        public String describe() {
            long[] free = new long[1];
            long[] total = new long[1];
            int result = JCudaDriver.cuMemGetInfo(free, total);
            if (result != CUresult.CUDA_SUCCESS) {
                return "cuMemGetInfo failed: " + CUresult.stringFor(result);
            }
            return name + " has " + (free[0] >> 20) + " MiB free of " + (total[0] >> 20) + " MiB";
        }
    }
}
