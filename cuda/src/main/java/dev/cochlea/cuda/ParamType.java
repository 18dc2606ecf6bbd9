package dev.cochlea.cuda;

import dev.cochlea.kernels.catalog.KernelParam;

/** The parameter types our kernels take, each named by the C spelling used in the .cu sources (const ignored). */
enum ParamType implements KernelParam {
    /** {@code float*}: a float32 buffer, or null where the kernel checks for it. */
    F32_PTR("float*"),
    /** {@code int*}: an int32 buffer. */
    I32_PTR("int*"),
    /** {@code unsigned int*}: any buffer of 32-bit elements, copied bit for bit. */
    WORD_PTR("unsigned int*"),
    /** {@code double*}: scratch space, a float32 buffer of twice the length holding doubles. */
    F64_PTR("double*"),
    I32("int"),
    I64("long long"),
    /** {@code unsigned long long}: a Java long passed bit for bit (seeds). */
    U64("unsigned long long"),
    F32("float"),
    /** {@code Shape8}: eight ints by value (common.cuh). */
    SHAPE8("Shape8");

    private final String spelling;

    ParamType(String spelling) {
        this.spelling = spelling;
    }

    @Override
    public String spelling() {
        return spelling;
    }

    boolean isPointer() {
        return spelling.endsWith("*");
    }
}
