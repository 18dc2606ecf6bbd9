package dev.cochlea.opencl;

import dev.cochlea.kernels.DeviceBuffer;
import org.jocl.Pointer;
import org.jocl.Sizeof;

import java.util.ArrayList;
import java.util.List;

/**
 * One kernel launch: arguments in order, then a grid. Sizes passed to kernels are int (the kernels index with int),
 * so every size is checked to fit.
 */
final class Launch {
    /** A kernel argument: its size in bytes and a pointer to its value (null for a __local array). */
    record Arg(long size, Pointer value) {
    }

    private final ClContext context;
    private final ClKernel kernel;
    private final List<Arg> args = new ArrayList<>();

    Launch(ClContext context, ClKernel kernel) {
        this.context = context;
        this.kernel = kernel;
    }

    ClKernel kernel() {
        return kernel;
    }

    Launch buf(DeviceBuffer buffer) {
        args.add(new Arg(Sizeof.cl_mem, Pointer.to(((ClBuffer) buffer).mem())));
        return this;
    }

    Launch i(long value) {
        args.add(new Arg(Sizeof.cl_int, Pointer.to(new int[] {toInt(value)})));
        return this;
    }

    Launch flag(boolean value) {
        return i(value ? 1 : 0);
    }

    Launch f(float value) {
        args.add(new Arg(Sizeof.cl_float, Pointer.to(new float[] {value})));
        return this;
    }

    Launch l(long value) {
        args.add(new Arg(Sizeof.cl_long, Pointer.to(new long[] {value})));
        return this;
    }

    /** An int8 vector argument (shapes and strides of up to 8 axes), zero-padded. */
    Launch int8(int[] values) {
        if (values.length > 8) {
            throw new IllegalArgumentException("at most 8 axes fit an int8 argument, got " + values.length);
        }
        int[] padded = new int[8];
        System.arraycopy(values, 0, padded, 0, values.length);
        args.add(new Arg(Sizeof.cl_int8, Pointer.to(padded)));
        return this;
    }

    /** A __local float array of {@code floats} elements. */
    Launch localFloats(long floats) {
        args.add(new Arg(floats * Sizeof.cl_float, null));
        return this;
    }

    /** One work-item per element of [0, n), in groups of the largest size up to 256 the kernel allows. */
    void run1d(long n) {
        if (n <= 0) {
            return;
        }
        toInt(n);
        long local = Math.min(ClContext.MAX_GROUP, kernel.maxWorkGroupSize());
        run(new long[] {roundUp(n, local)}, new long[] {local});
    }

    /** {@code groups} work-groups of {@code local} work-items, along dimension 0. */
    void runGroups(long groups, long local) {
        if (groups <= 0) {
            return;
        }
        run(new long[] {groups * local}, new long[] {local});
    }

    void run(long[] global, long[] local) {
        context.enqueue(kernel, args, global, local);
    }

    static long roundUp(long n, long multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    private static int toInt(long value) {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("size " + value + " exceeds the OpenCL backend's int indexing");
        }
        return (int) value;
    }
}
