package dev.cochlea.cuda;

/** A CUDA driver call failed; the message names the call, what it was for, and the CUresult. */
public final class CudaCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int result;

    CudaCallException(String message, int result) {
        super(message);
        this.result = result;
    }

    /** The CUresult code. */
    public int result() {
        return result;
    }
}
