package dev.cochlea.opencl;

import dev.cochlea.kernels.catalog.KernelSignature;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;

/**
 * One device's OpenCL context, its in-order command queue, the programs built for it and the buffer pool. Kernels are
 * enqueued without waiting; an in-order queue keeps them in program order, so only reads back to the host wait.
 */
final class ClContext implements AutoCloseable {
    /** Upper bound for 1-D work-groups: enough to hide latency, small enough for every device we target. */
    static final int MAX_GROUP = 256;

    final DeviceInfo device;
    final cl_context context;
    final cl_command_queue queue;
    final ProgramCache programs;
    final BufferPool pool;
    /** Outputs per work-item along each side in the tiled kernels, compiled in as WPT. */
    static final int WORK_PER_ITEM = 4;

    /** Side of the square work-group of the tiled kernels (gemm, conv1d), compiled in as TILE. */
    final int tile;

    private ClContext(DeviceInfo device, cl_context context, cl_command_queue queue, int tile) {
        this.device = device;
        this.context = context;
        this.queue = queue;
        this.tile = tile;
        this.programs = new ProgramCache(context, device.device(), "-D TILE=" + tile + " -D WPT=" + WORK_PER_ITEM);
        this.pool = new BufferPool(context);
    }

    @SuppressWarnings("deprecation") // clCreateCommandQueue: the 1.2 call, since many drivers are still 1.2 only
    static ClContext open(DeviceInfo device) {
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL.CL_CONTEXT_PLATFORM, device.platform());
        int[] rc = new int[1];
        cl_context context = CL.clCreateContext(props, 1, new cl_device_id[] {device.device()}, null, null, rc);
        ClException.check(rc[0], "clCreateContext(" + device.describe() + ")");
        cl_command_queue queue = CL.clCreateCommandQueue(context, device.device(), 0, rc);
        if (rc[0] != CL.CL_SUCCESS) {
            CL.clReleaseContext(context);
            ClException.check(rc[0], "clCreateCommandQueue(" + device.describe() + ")");
        }
        return new ClContext(device, context, queue, tileFor(device.maxWorkGroupSize()));
    }

    /** The largest tile side whose square fits in a work-group of the device. */
    static int tileFor(long maxWorkGroupSize) {
        int tile = 16;
        while (tile > 1 && (long) tile * tile > maxWorkGroupSize) {
            tile /= 2;
        }
        return tile;
    }

    /** Rows or columns of one tiled work-group's output block. */
    int block() {
        return tile * WORK_PER_ITEM;
    }

    Launch launch(KernelSignature<ClParam> kernel) {
        return new Launch(this, programs.kernel(kernel.file().baseName(), kernel.name()), kernel);
    }

    /** The work-group size for a reduction over about {@code items} values: a power of two the kernel can run. */
    int reductionGroup(ClKernel kernel, long items) {
        long limit = Math.min(MAX_GROUP, kernel.maxWorkGroupSize());
        int size = 1;
        while (size * 2L <= limit && size < items) {
            size *= 2;
        }
        return size;
    }

    /** Sets the arguments and enqueues; one lock, because a cl_kernel's arguments are shared state. */
    synchronized void enqueue(ClKernel kernel, List<Launch.Arg> args, long[] global, long[] local) {
        for (int i = 0; i < args.size(); i++) {
            Launch.Arg a = args.get(i);
            ClException.check(
                    CL.clSetKernelArg(kernel.handle(), i, a.size(), a.value()),
                    "setting argument " + i + " of kernel " + kernel.name());
        }
        ClException.check(
                CL.clEnqueueNDRangeKernel(queue, kernel.handle(), global.length, null, global, local, 0, null, null),
                "kernel " + kernel.name());
    }

    void finish() {
        ClException.check(CL.clFinish(queue), "clFinish");
    }

    void write(ClBuffer dst, long byteOffset, long bytes, Pointer src) {
        ClException.check(
                CL.clEnqueueWriteBuffer(queue, dst.mem(), CL.CL_TRUE, byteOffset, bytes, src, 0, null, null),
                "clEnqueueWriteBuffer(" + bytes + " bytes)");
    }

    void read(ClBuffer src, long byteOffset, long bytes, Pointer dst) {
        ClException.check(
                CL.clEnqueueReadBuffer(queue, src.mem(), CL.CL_TRUE, byteOffset, bytes, dst, 0, null, null),
                "clEnqueueReadBuffer(" + bytes + " bytes)");
    }

    void copy(ClBuffer src, ClBuffer dst, long bytes) {
        ClException.check(
                CL.clEnqueueCopyBuffer(queue, src.mem(), dst.mem(), 0, 0, bytes, 0, null, null),
                "clEnqueueCopyBuffer(" + bytes + " bytes)");
    }

    @Override
    public void close() {
        CL.clFinish(queue);
        pool.close();
        programs.close();
        CL.clReleaseCommandQueue(queue);
        CL.clReleaseContext(context);
    }
}
