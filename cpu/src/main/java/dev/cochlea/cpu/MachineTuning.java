package dev.cochlea.cpu;

/**
 * The one-line account of how the cpu kernels fit this JVM: vector width and register tile. A separate class so that
 * CpuBackend can report it without loading the Vector API when the module is missing.
 */
final class MachineTuning {
    private MachineTuning() {}

    static String describe() {
        return (Gemm.V * Float.SIZE) + "-bit vectors, " + Gemm.MR + "x2-vector register tile (" + Gemm.TILE.why() + ")";
    }
}
