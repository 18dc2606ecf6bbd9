package dev.cochlea.kernels.catalog;

import java.util.List;

/**
 * A kernel as the Java side sees it: the source file it is declared in, its name, and its parameter types in order.
 * A backend's {@code KernelSignatureTest} checks these against the sources; {@link ArgumentCheck} holds a launch to
 * them. Its text, e.g. {@code elementwise.cl:fill}, names it in errors.
 */
public record KernelSignature<P extends Enum<P> & KernelParam>(KernelFile<P> file, String name, List<P> params) {

    public KernelSignature {
        params = List.copyOf(params);
    }

    @Override
    public String toString() {
        return file + ":" + name;
    }
}
