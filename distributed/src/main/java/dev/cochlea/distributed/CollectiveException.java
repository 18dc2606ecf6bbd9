package dev.cochlea.distributed;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** A collective could not complete: a peer died, closed its connection, failed the handshake or timed out. */
public class CollectiveException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CollectiveException(String message) {
        super(message);
    }

    public CollectiveException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Waits for {@code operation}; its failure, or an interrupt, becomes a {@link CollectiveException}. */
    static void await(Future<?> operation, int rank) {
        try {
            operation.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CollectiveException("rank " + rank + ": interrupted while waiting for a collective", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new CollectiveException("rank " + rank + ": a collective failed: " + cause, cause);
        }
    }
}
