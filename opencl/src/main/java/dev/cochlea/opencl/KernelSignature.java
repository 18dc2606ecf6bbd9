package dev.cochlea.opencl;

import java.util.List;

/**
 * A kernel as the Java side sees it: its program (the .cl file's base name), its name, and its parameter types in
 * order. {@code KernelSignatureTest} checks these against the .cl sources.
 */
record KernelSignature(String program, String name, List<ClParam> params) {

    KernelSignature {
        params = List.copyOf(params);
    }

    static KernelSignature of(String program, String name, ClParam... params) {
        return new KernelSignature(program, name, List.of(params));
    }

    @Override
    public String toString() {
        return program + ".cl:" + name;
    }
}
