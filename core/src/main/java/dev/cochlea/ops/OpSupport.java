package dev.cochlea.ops;

import dev.cochlea.Shape;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.Kernels;
import java.util.Arrays;

/** Checks shared by the ops: one backend, float32, expected ranks and shapes, with messages naming the op. */
public final class OpSupport {
    private OpSupport() {}

    /** The backend all (non-null) tensors live on; fails naming both backends if they differ. */
    public static Backend sameBackend(String op, Tensor... tensors) {
        Backend backend = null;
        for (Tensor t : tensors) {
            if (t == null) {
                continue;
            }
            if (backend == null) {
                backend = t.backend();
            } else if (t.backend() != backend) {
                throw new IllegalArgumentException(op + ": tensors live on different backends (" + backend.name()
                        + " and " + t.backend().name() + "); move them with tensor.to(backend) first");
            }
        }
        return backend;
    }

    public static Kernels kernels(String op, Tensor... tensors) {
        return sameBackend(op, tensors).kernels();
    }

    public static void requireFloat(String op, Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null) {
                t.requireDType(DType.FLOAT32, op);
            }
        }
    }

    public static void requireRank(String op, Tensor t, int rank, String layout) {
        if (t.rank() != rank) {
            throw new IllegalArgumentException(
                    op + ": expected a " + rank + "-D input " + layout + ", got shape " + Shape.str(t.shape()));
        }
    }

    public static void requireShape(String op, String what, Tensor t, int... expected) {
        if (!Arrays.equals(t.shape(), expected)) {
            throw new IllegalArgumentException(
                    op + ": expected " + what + " of shape " + Shape.str(expected) + ", got " + Shape.str(t.shape()));
        }
    }
}
