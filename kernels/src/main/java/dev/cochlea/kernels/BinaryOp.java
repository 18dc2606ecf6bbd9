package dev.cochlea.kernels;

/** Element-wise functions of two arguments, applied with broadcasting by {@link Kernels#binary}. */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    DIV,
    MAX,
    MIN;

    /** The scalar definition every backend must agree with. */
    public float apply(float a, float b) {
        switch (this) {
            case ADD:
                return a + b;
            case SUB:
                return a - b;
            case MUL:
                return a * b;
            case DIV:
                return a / b;
            case MAX:
                return Math.max(a, b);
            case MIN:
                return Math.min(a, b);
            default:
                throw new AssertionError(this);
        }
    }
}
