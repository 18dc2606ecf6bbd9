package dev.cochlea.cuda;

import dev.cochlea.kernels.AbstractDeviceBuffer;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cuda backend's {@link CudaKernels} (its launch logic) running the real .cu kernels in the CPU emulator, with
 * buffers that live in the emulator process: the whole backend minus JCuda and the GPU.
 */
final class EmulatedCudaBackend implements Backend {
    private final EmulatorProcess process;
    private final String failure;
    private final AtomicLong nextId = new AtomicLong();
    private final CudaKernels kernels;

    private EmulatedCudaBackend(EmulatorProcess process, String failure, boolean tf32) {
        this.process = process;
        this.failure = failure;
        this.kernels = new CudaKernels(new Host(), tf32);
    }

    /** The exact float32 kernels (what -Dcochlea.cuda.tf32=false selects). */
    static EmulatedCudaBackend start() {
        return start(false);
    }

    /**
     * The emulator with gemm and the convolutions on TF32 tensor cores ({@code tf32}) or in exact float32. Where g++
     * exists but the kernels do not compile, this throws: a broken kernel must fail the build, not skip the kit.
     */
    static EmulatedCudaBackend start(boolean tf32) {
        var binary = EmulatorBuild.binary();
        if (binary == null && CudaSources.onPath("g++") != null) {
            throw new IllegalStateException(EmulatorBuild.failure());
        }
        return binary == null
                ? new EmulatedCudaBackend(null, EmulatorBuild.failure(), tf32)
                : new EmulatedCudaBackend(new EmulatorProcess(binary), null, tf32);
    }

    private final class Buffer extends AbstractDeviceBuffer {
        final long id;
        boolean closed;

        Buffer(DType dtype, long size) {
            super(EmulatedCudaBackend.this, dtype, size);
            this.id = nextId.getAndIncrement();
            process.allocate(id, Math.max(size, 1) * dtype.bytes());
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                process.free(id);
            }
        }
    }

    private final class Host implements KernelHost {
        @Override
        public void launch(Launch launch) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < launch.args().size(); i++) {
                if (launch.kernel().params().get(i).isPointer()) {
                    Buffer b = (Buffer) launch.args().get(i);
                    if (b != null && b.closed) {
                        throw new IllegalStateException(launch.kernel() + " argument " + i + " was closed");
                    }
                    ids.add(b == null ? -1L : b.id);
                }
            }
            process.launch(launch, ids);
        }

        @Override
        public DeviceBuffer scratch(DType dtype, long elements) {
            return allocate(dtype, elements);
        }
    }

    @Override
    public String name() {
        return kernels.tf32() ? "cuda-emulated-tf32" : "cuda-emulated";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(failure);
    }

    @Override
    public DeviceBuffer allocate(DType dtype, long elements) {
        return new Buffer(dtype, elements);
    }

    private static ByteBuffer bytes(int count) {
        return ByteBuffer.allocate(4 * count).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void upload(float[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        ByteBuffer b = bytes(count);
        b.asFloatBuffer().put(src, srcOffset, count);
        process.write(((Buffer) dst).id, 4 * dstOffset, b);
    }

    @Override
    public void upload(int[] src, int srcOffset, DeviceBuffer dst, long dstOffset, int count) {
        ByteBuffer b = bytes(count);
        b.asIntBuffer().put(src, srcOffset, count);
        process.write(((Buffer) dst).id, 4 * dstOffset, b);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int count) {
        process.read(((Buffer) src).id, 4 * srcOffset, 4 * count)
                .asFloatBuffer()
                .get(dst, dstOffset, count);
    }

    @Override
    public void download(DeviceBuffer src, long srcOffset, int[] dst, int dstOffset, int count) {
        process.read(((Buffer) src).id, 4 * srcOffset, 4 * count).asIntBuffer().get(dst, dstOffset, count);
    }

    @Override
    public Kernels kernels() {
        return kernels;
    }

    @Override
    public void synchronize() {
        // Every emulated launch has finished when launch() returns.
    }
}
