package dev.cochlea.opencl;

import dev.cochlea.kernels.BlockPool;
import org.jocl.CL;
import org.jocl.cl_context;
import org.jocl.cl_mem;

/**
 * Device memory reused across allocations of similar size: the backends' shared {@link BlockPool} over
 * clCreateBuffer, so a training loop stops calling the driver after its first step. Requests round up to
 * {@link BlockPool#deviceSizeClass} (four classes per power of two, so at most 25% is wasted).
 */
final class BufferPool extends BlockPool<cl_mem> {
    BufferPool(cl_context context) {
        super(new ClMemory(context), BlockPool::deviceSizeClass, CacheLimit.none(), "the OpenCL backend was closed");
    }

    /** clCreateBuffer and clReleaseMemObject; the driver's out-of-memory codes ask the pool to free its cache. */
    private record ClMemory(cl_context context) implements Memory<cl_mem> {
        @Override
        public cl_mem allocate(long bytes) {
            int[] rc = new int[1];
            cl_mem mem = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, bytes, null, rc);
            String call = "clCreateBuffer(" + bytes + " bytes)";
            if (rc[0] == CL.CL_MEM_OBJECT_ALLOCATION_FAILURE
                    || rc[0] == CL.CL_OUT_OF_RESOURCES
                    || rc[0] == CL.CL_OUT_OF_HOST_MEMORY) {
                throw new OutOfDeviceMemory(new ClException(call, rc[0]).getMessage());
            }
            ClException.check(rc[0], call);
            return mem;
        }

        @Override
        public void free(cl_mem block) {
            CL.clReleaseMemObject(block);
        }
    }
}
