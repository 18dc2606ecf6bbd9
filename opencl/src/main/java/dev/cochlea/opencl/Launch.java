package dev.cochlea.opencl;

import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.catalog.ArgumentCheck;
import dev.cochlea.kernels.catalog.KernelSignature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.jocl.Pointer;
import org.jocl.Sizeof;

/**
 * One kernel launch: arguments in order, then a grid. Each argument is checked against the kernel's
 * {@link KernelSignature} as it is added (type, and a buffer's dtype), and the grid runs only once every argument is
 * there, so a launch that reaches the driver matches the .cl declaration. A null buffer is passed as a NULL pointer,
 * for parameters the kernel is told by a flag not to touch. Sizes passed to kernels are int (the kernels index with
 * int), so every size is checked to fit.
 */
final class Launch {
    /** A kernel argument: its size in bytes and a pointer to its value (null for a __local array or a NULL buffer). */
    record Arg(long size, Pointer value) {}

    private final ClContext context;
    private final ClKernel kernel;
    private final ArgumentCheck<ClParam> check;
    private final List<Arg> args = new ArrayList<>();

    Launch(ClContext context, ClKernel kernel, KernelSignature<ClParam> signature) {
        this.context = context;
        this.kernel = kernel;
        this.check = new ArgumentCheck<>(signature);
    }

    ClKernel kernel() {
        return kernel;
    }

    /** A {@code __global float*} or {@code __global int*} buffer of the matching dtype, or null (a NULL pointer). */
    Launch buf(DeviceBuffer buffer) {
        ClParam expected = check.next();
        if (expected != ClParam.F32_PTR && expected != ClParam.I32_PTR) {
            throw check.mismatch(expected, "a buffer");
        }
        check.checkDtype(buffer, expected == ClParam.F32_PTR ? DType.FLOAT32 : DType.INT32);
        return add(Sizeof.cl_mem, buffer == null ? null : Pointer.to(((ClBuffer) buffer).mem()));
    }

    /** Several buffers in a row, each as {@link #buf(DeviceBuffer)}. */
    Launch buf(DeviceBuffer first, DeviceBuffer second, DeviceBuffer... rest) {
        buf(first).buf(second);
        Arrays.stream(rest).forEach(this::buf);
        return this;
    }

    Launch i(long value) {
        check.expect(ClParam.INT);
        return add(Sizeof.cl_int, Pointer.to(new int[] {toInt(value)}));
    }

    /** Several int parameters in a row, each as {@link #i(long)}. */
    Launch i(long first, long second, long... rest) {
        i(first).i(second);
        LongStream.of(rest).forEach(this::i);
        return this;
    }

    Launch flag(boolean value) {
        return i(value ? 1 : 0);
    }

    /** Two flags in a row, each as {@link #flag(boolean)}. */
    Launch flag(boolean first, boolean second) {
        return flag(first).flag(second);
    }

    Launch f(float value) {
        check.expect(ClParam.FLOAT);
        return add(Sizeof.cl_float, Pointer.to(new float[] {value}));
    }

    /** Several float parameters in a row, each as {@link #f(float)}. */
    Launch f(float first, float second, float... rest) {
        f(first).f(second);
        for (float value : rest) f(value);
        return this;
    }

    Launch l(long value) {
        check.expect(ClParam.LONG);
        return add(Sizeof.cl_long, Pointer.to(new long[] {value}));
    }

    /** Three long parameters in a row (strides), each as {@link #l(long)}. */
    Launch l(long first, long second, long third) {
        return l(first).l(second).l(third);
    }

    /** An int8 vector argument (shapes and strides of up to 8 axes), zero-padded. */
    Launch int8(int[] values) {
        if (values.length > 8) {
            throw new IllegalArgumentException("at most 8 axes fit an int8 argument, got " + values.length);
        }
        check.expect(ClParam.INT8);
        int[] padded = new int[8];
        System.arraycopy(values, 0, padded, 0, values.length);
        return add(Sizeof.cl_int8, Pointer.to(padded));
    }

    /** A __local float array of {@code floats} elements. */
    Launch localFloats(long floats) {
        check.expect(ClParam.LOCAL_F32);
        return add(floats * Sizeof.cl_float, null);
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
        check.checkComplete();
        context.enqueue(kernel, args, global, local);
    }

    /** The arguments given so far (for tests). */
    List<Arg> args() {
        return List.copyOf(args);
    }

    private Launch add(long size, Pointer value) {
        args.add(new Arg(size, value));
        return this;
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
