package dev.cochlea.cuda;

import java.util.List;

/**
 * A kernel as the Java side sees it: the PTX module (the .cu file's base name) it lives in, its {@code extern "C"}
 * name, and its parameter types in order. {@code KernelSignatureTest} checks these against the .cu sources.
 */
record KernelSignature(String module, String name, List<ParamType> params) {

    KernelSignature {
        params = List.copyOf(params);
    }

    static KernelSignature of(String module, String name, ParamType... params) {
        return new KernelSignature(module, name, List.of(params));
    }

    @Override
    public String toString() {
        return module + ".cu:" + name;
    }
}
