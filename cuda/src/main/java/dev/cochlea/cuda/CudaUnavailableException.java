package dev.cochlea.cuda;

/** The driver loaded but offers nothing to run on (no device, cuInit refused); the message is the one-line reason. */
final class CudaUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    CudaUnavailableException(String reason) {
        super(reason);
    }
}
