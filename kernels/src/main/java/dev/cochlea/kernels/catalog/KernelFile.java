package dev.cochlea.kernels.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * One kernel source file (an OpenCL program, a CUDA module), named by its base name, and the kernels a catalog declares
 * in it, in the order it declares them: the catalog lists each kernel once, here.
 */
public final class KernelFile<P extends Enum<P> & KernelParam> {
    private final String baseName;
    private final String extension;
    private final List<KernelSignature<P>> kernels = new ArrayList<>();

    /** A file {@code baseName + extension}, e.g. ("elementwise", ".cl"). */
    public KernelFile(String baseName, String extension) {
        this.baseName = baseName;
        this.extension = extension;
    }

    /** The file's name without its extension: the program or module its kernels are loaded from. */
    public String baseName() {
        return baseName;
    }

    /** Declares the kernel {@code name} of this file with its parameter types in order, and returns it. */
    @SafeVarargs
    public final KernelSignature<P> kernel(String name, P... params) {
        return add(new KernelSignature<>(this, name, List.of(params)));
    }

    /** As {@link #kernel(String, Enum[])} for a long parameter list, given in two parts that each fit a line. */
    public KernelSignature<P> kernel(String name, List<P> firstParams, List<P> moreParams) {
        List<P> params = new ArrayList<>(firstParams);
        params.addAll(moreParams);
        return add(new KernelSignature<>(this, name, params));
    }

    /** The kernels declared in this file so far, in order. */
    public List<KernelSignature<P>> kernels() {
        synchronized (kernels) {
            return List.copyOf(kernels);
        }
    }

    private KernelSignature<P> add(KernelSignature<P> kernel) {
        synchronized (kernels) {
            kernels.add(kernel);
        }
        return kernel;
    }

    @Override
    public String toString() {
        return baseName + extension;
    }
}
