package dev.cochlea.kernels;

/** Reference batched GEMM: one double dot product per output element. */
final class ReferenceGemm {
    private ReferenceGemm() {}

    static void gemm(GemmParams p, float[] a, float[] b, float[] c) {
        int m = p.m();
        int n = p.n();
        int k = p.k();
        for (int batch = 0; batch < p.batch(); batch++) {
            int offA = Math.toIntExact(batch * p.strideA());
            int offB = Math.toIntExact(batch * p.strideB());
            int offC = Math.toIntExact(batch * p.strideC());
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double dot = 0;
                    for (int l = 0; l < k; l++) {
                        // op(A)[i, l]: A stored m x k, or k x m when transposed; likewise op(B)[l, j].
                        float aIl = p.transA() ? a[offA + l * m + i] : a[offA + i * k + l];
                        float bLj = p.transB() ? b[offB + j * k + l] : b[offB + l * n + j];
                        dot += (double) aIl * bLj;
                    }
                    int at = offC + i * n + j;
                    // beta == 0 must not read C: 0 * NaN would be NaN.
                    double old = p.beta() == 0f ? 0 : (double) p.beta() * c[at];
                    c[at] = (float) (p.alpha() * dot + old);
                }
            }
        }
    }
}
