package dev.cochlea.opencl;

/** The parameter types our OpenCL kernels take, each named by its spelling in the .cl sources (const ignored). */
enum ClParam {
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

    private final String clType;

    ClParam(String clType) {
        this.clType = clType;
    }

    String clType() {
        return clType;
    }

    /** The type whose OpenCL C spelling is {@code clType} (whitespace normalised, const removed); throws if none. */
    static ClParam ofCl(String clType) {
        String normal = clType.replaceAll("\\bconst\\b", " ")
                .replaceAll("\\s*\\*", "*")
                .replaceAll("\\s+", " ")
                .trim();
        for (ClParam t : values()) {
            if (t.clType.equals(normal)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no ClParam for OpenCL C type '" + clType + "'");
    }
}
