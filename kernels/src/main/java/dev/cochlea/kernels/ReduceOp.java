package dev.cochlea.kernels;

/** Reductions along one axis, see {@link Kernels#reduce}. */
public enum ReduceOp {
    SUM,
    MAX
}
