package dev.cochlea.cuda;

/** The parameter types our kernels take, each named by the C spelling used in the .cu sources (const ignored). */
enum ParamType {
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

    private final String cType;

    ParamType(String cType) {
        this.cType = cType;
    }

    String cType() {
        return cType;
    }

    boolean isPointer() {
        return cType.endsWith("*");
    }

    /** The type whose C spelling is {@code cType} (whitespace normalised, const removed); throws if none. */
    static ParamType ofC(String cType) {
        String normal = cType.replace("const", " ")
                .replaceAll("\\s*\\*", "*")
                .replaceAll("\\s+", " ")
                .trim();
        for (ParamType t : values()) {
            if (t.cType.equals(normal)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no ParamType for C type '" + cType + "'");
    }
}
