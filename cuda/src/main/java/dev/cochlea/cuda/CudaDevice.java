package dev.cochlea.cuda;

import static dev.cochlea.cuda.CudaCalls.check;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;

/**
 * One GPU through JCuda's driver API: its primary context, one stream that all kernels run on in order, the PTX
 * modules and the caching allocator. Host copies use the synchronous cuMemcpyHtoD / DtoH on the legacy default
 * stream, which orders itself after (and before) all work on our blocking stream, so no extra events are needed.
 */
final class CudaDevice implements KernelHost {
    /** Synchronise after every launch, so an execution error names the kernel that caused it (debugging aid). */
    static final String SYNC_PROPERTY = "cochlea.cuda.sync";

    private final Backend owner;
    private final int ordinal;
    private final String name;
    private final CUcontext context;
    private final CUstream stream;
    private final CudaModules modules = new CudaModules();
    private final DevicePool<CUdeviceptr> pool;
    private final boolean syncEachLaunch = Boolean.getBoolean(SYNC_PROPERTY);
    private final ThreadLocal<Boolean> currentOnThread = ThreadLocal.withInitial(() -> false);
    private volatile String lastKernel = "(none yet)";

    private CudaDevice(Backend owner, int ordinal, String name, CUcontext context, CUstream stream) {
        this.owner = owner;
        this.ordinal = ordinal;
        this.name = name;
        this.context = context;
        this.stream = stream;
        this.pool = new DevicePool<>(new DriverMemory());
        currentOnThread.set(true);
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
            throw new CudaUnavailableException("-D" + CudaBackend.DEVICE_PROPERTY + "=" + ordinal + " but there are only "
                    + count[0] + " CUDA device(s)");
        }
        CUdevice device = new CUdevice();
        check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet", "device " + ordinal);
        byte[] nameBytes = new byte[256];
        check(JCudaDriver.cuDeviceGetName(nameBytes, nameBytes.length, device), "cuDeviceGetName", "device " + ordinal);
        CUcontext context = new CUcontext();
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, device), "cuDevicePrimaryCtxRetain", "device " + ordinal);
        check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent", "device " + ordinal);
        CUstream stream = new CUstream();
        // Flag 0: a blocking stream, which the legacy default stream (our host copies) synchronises with.
        check(JCudaDriver.cuStreamCreate(stream, 0), "cuStreamCreate", "device " + ordinal);
        return new CudaDevice(owner, ordinal, cString(nameBytes), context, stream);
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

    /** JCuda calls act on the calling thread's current context; bind ours once per thread. */
    void makeCurrent() {
        if (!currentOnThread.get()) {
            check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent", "binding device " + ordinal + " to thread "
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

    void copyToDevice(Pointer host, CudaBuffer dst, long dstByteOffset, long bytes) {
        makeCurrent();
        check(JCudaDriver.cuMemcpyHtoD(dst.pointer().withByteOffset(dstByteOffset), host, bytes), "cuMemcpyHtoD",
                "upload of " + bytes + " bytes");
    }

    /** Waits for the queued kernels first, so that a failure in one of them is reported as such. */
    void copyToHost(CudaBuffer src, long srcByteOffset, Pointer host, long bytes) {
        synchronize();
        check(JCudaDriver.cuMemcpyDtoH(host, src.pointer().withByteOffset(srcByteOffset), bytes), "cuMemcpyDtoH",
                "download of " + bytes + " bytes");
    }

    @Override
    public void launch(Launch launch) {
        makeCurrent();
        String kernel = launch.kernel().toString();
        check(JCudaDriver.cuLaunchKernel(modules.function(launch.kernel()), launch.gridX(), launch.gridY(),
                launch.gridZ(), launch.block(), 1, 1, 0, stream, JCudaArgs.pack(launch), null),
                "cuLaunchKernel", "kernel " + kernel);
        lastKernel = kernel;
        if (syncEachLaunch) {
            synchronize();
        }
    }

    void synchronize() {
        makeCurrent();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize",
                "waiting for queued kernels; the last one launched was " + lastKernel
                        + (syncEachLaunch ? "" : " (set -D" + SYNC_PROPERTY + "=true to pinpoint the failing kernel)"));
    }

    CUevent recordEvent() {
        makeCurrent();
        CUevent event = new CUevent();
        check(JCudaDriver.cuEventCreate(event, 0), "cuEventCreate", "timer event");
        check(JCudaDriver.cuEventRecord(event, stream), "cuEventRecord", "timer event");
        return event;
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
                throw new DevicePool.OutOfDeviceMemory("cuMemAlloc of " + bytes + " bytes on " + name
                        + ": CUDA_ERROR_OUT_OF_MEMORY");
            }
            check(result, "cuMemAlloc", bytes + " bytes");
            return pointer;
        }

        @Override
        public void free(CUdeviceptr block) {
            makeCurrent();
            check(JCudaDriver.cuMemFree(block), "cuMemFree", "returning cached memory");
        }
    }
}
