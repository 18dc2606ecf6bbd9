package dev.cochlea.cuda;

/**
 * The CUDA context died (an illegal address, a failed launch, an uncorrectable ECC error ...): every later call on
 * it fails the same way, so the backend refuses all further work with this one message, which names the error and
 * the kernels queued before it. Only a new process gets a working context back.
 */
public final class CudaContextLostException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    CudaContextLostException(String message) {
        super(message);
    }
}
