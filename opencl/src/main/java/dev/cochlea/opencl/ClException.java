package dev.cochlea.opencl;

import org.jocl.CL;

/** An OpenCL call that failed: says what was being done (a kernel's name, an allocation) and the error code's name. */
public final class ClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    public ClException(String what, int code) {
        super(what + " failed with " + codeName(code) + " (" + code + ")");
        this.code = code;
    }

    public ClException(String message) {
        super(message);
        this.code = CL.CL_SUCCESS;
    }

    /** The OpenCL error code, or CL_SUCCESS when the failure did not come from an OpenCL call. */
    public int code() {
        return code;
    }

    /** The symbolic name of an OpenCL error code, e.g. CL_INVALID_WORK_GROUP_SIZE for -54. */
    public static String codeName(int code) {
        return CL.stringFor_errorCode(code);
    }

    /** Throws unless {@code code} is CL_SUCCESS. */
    static void check(int code, String what) {
        if (code != CL.CL_SUCCESS) {
            throw new ClException(what, code);
        }
    }
}
