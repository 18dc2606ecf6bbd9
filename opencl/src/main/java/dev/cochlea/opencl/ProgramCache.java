package dev.cochlea.opencl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Builds each kernel family ({@code elementwise.cl}, {@code gemm.cl}, ...) once per context, from the resources next
 * to this class with {@code common.cl} in front, and keeps its kernels. A failed build throws with the file name and
 * the compiler's log. Thread-safe.
 */
final class ProgramCache implements AutoCloseable {
    private static final String COMMON = "common.cl";

    private final cl_context context;
    private final cl_device_id device;
    private final String options;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, ClKernel> kernels = new HashMap<>();
    private int builds;

    ProgramCache(cl_context context, cl_device_id device, String options) {
        this.context = context;
        this.device = device;
        this.options = options;
    }

    /** The kernel {@code name} of {@code family}.cl, building the family on first use. */
    synchronized ClKernel kernel(String family, String name) {
        String key = family + "/" + name;
        ClKernel kernel = kernels.get(key);
        if (kernel == null) {
            cl_program program = programs.get(family);
            if (program == null) {
                program = build(family + ".cl");
                programs.put(family, program);
            }
            int[] rc = new int[1];
            cl_kernel k = CL.clCreateKernel(program, name, rc);
            ClException.check(rc[0], "clCreateKernel(" + key + ")");
            kernel = new ClKernel(key, k, workGroupSize(k));
            kernels.put(key, kernel);
        }
        return kernel;
    }

    /** How many programs were compiled so far. */
    synchronized int builds() {
        return builds;
    }

    private cl_program build(String file) {
        // The #line directive makes the compiler's line numbers refer to the family file, not to the concatenation.
        String source = read(COMMON) + "\n#line 1 \"" + file + "\"\n" + read(file);
        int[] rc = new int[1];
        cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, rc);
        ClException.check(rc[0], "clCreateProgramWithSource(" + file + ")");
        int status = CL.clBuildProgram(program, 1, new cl_device_id[] {device}, options, null, null);
        builds++;
        if (status != CL.CL_SUCCESS) {
            String log = buildLog(program);
            CL.clReleaseProgram(program);
            throw new ClException("building " + file + " failed with " + ClException.codeName(status) + ":\n" + log);
        }
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetProgramBuildInfo(program, device, CL.CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
        return new String(bytes, StandardCharsets.UTF_8).trim();
    }

    private long workGroupSize(cl_kernel kernel) {
        long[] size = new long[1];
        ClException.check(
                CL.clGetKernelWorkGroupInfo(
                        kernel, device, CL.CL_KERNEL_WORK_GROUP_SIZE, org.jocl.Sizeof.size_t, Pointer.to(size), null),
                "clGetKernelWorkGroupInfo");
        return size[0];
    }

    private static String read(String file) {
        try (InputStream in = ProgramCache.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(
                        "OpenCL source " + file + " is missing from the class path (expected next " + "to "
                                + ProgramCache.class.getName() + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read OpenCL source " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        for (ClKernel k : kernels.values()) {
            CL.clReleaseKernel(k.handle());
        }
        for (cl_program p : programs.values()) {
            CL.clReleaseProgram(p);
        }
        kernels.clear();
        programs.clear();
    }
}
