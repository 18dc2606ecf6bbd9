package dev.cochlea.opencl;

import dev.cochlea.kernels.catalog.KernelParam;

/** The parameter types our OpenCL kernels take, each named by its spelling in the .cl sources (const ignored). */
enum ClParam implements KernelParam {
    /** {@code __global float*}: a float32 buffer, or null where the kernel is told (by a flag) not to touch it. */
    F32_PTR("__global float*"),
    /** {@code __global int*}: an int32 buffer. */
    I32_PTR("__global int*"),
    /** {@code __local float*}: work-group scratch, given as a size only. */
    LOCAL_F32("__local float*"),
    INT("int"),
    LONG("long"),
    FLOAT("float"),
    /** {@code int8}: eight ints by value (shapes and strides of up to 8 axes). */
    INT8("int8");

    private final String spelling;

    ClParam(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }
}
