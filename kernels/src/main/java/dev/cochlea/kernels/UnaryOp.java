package dev.cochlea.kernels;

/** Element-wise functions of one argument. */
public enum UnaryOp {
    NEG,
    EXP,
    LOG,
    SQRT,
    SQUARE,
    ABS,
    RELU,
    TANH,
    SIGMOID,
    RECIPROCAL;

    /** The scalar definition every backend must agree with. */
    public float apply(float x) {
        switch (this) {
            case NEG:
                return -x;
            case EXP:
                return (float) Math.exp(x);
            case LOG:
                return (float) Math.log(x);
            case SQRT:
                return (float) Math.sqrt(x);
            case SQUARE:
                return x * x;
            case ABS:
                return Math.abs(x);
            case RELU:
                return x > 0f ? x : 0f;
            case TANH:
                return (float) Math.tanh(x);
            case SIGMOID:
                return (float) (1.0 / (1.0 + Math.exp(-x)));
            case RECIPROCAL:
                return 1f / x;
            default:
                throw new AssertionError(this);
        }
    }
}
