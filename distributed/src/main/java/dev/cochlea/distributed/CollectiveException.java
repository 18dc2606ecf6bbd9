package dev.cochlea.distributed;

/** A collective could not complete: a peer died, closed its connection, failed the handshake or timed out. */
public class CollectiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CollectiveException(String message) {
        super(message);
    }

    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
