package dev.cochlea.kernels;

/** Reference 1-D max pooling: window o covers input positions o * stride - padding + j, j < kernelSize. */
final class ReferencePool {
    private ReferencePool() {}

    /**
     * Positions outside the row are padding with value -infinity, so they never win (a window always holds at least
     * one real position, since padding is at most half the kernel). Ties keep the first position; NaN wins and
     * propagates, as in PyTorch.
     */
    static void forward(MaxPool1dParams p, float[] x, float[] y, int[] indices) {
        int len = p.inLength();
        int lout = p.outLength();
        for (int row = 0; row < p.batch() * p.channels(); row++) {
            for (int o = 0; o < lout; o++) {
                int best = -1;
                for (int j = 0; j < p.kernelSize(); j++) {
                    int t = o * p.stride() - p.padding() + j;
                    if (t >= 0
                            && t < len
                            && (best < 0 || ReferenceLayout.isGreater(x[row * len + t], x[row * len + best]))) {
                        best = t;
                    }
                }
                y[row * lout + o] = x[row * len + best];
                indices[row * lout + o] = best;
            }
        }
    }

    /** gradX = 0, then each gradY element adds into the input position its window's maximum came from. */
    static void backward(MaxPool1dParams p, float[] gradY, int[] indices, float[] gradX) {
        int len = p.inLength();
        int lout = p.outLength();
        int rows = p.batch() * p.channels();
        ReferenceElementwise.fill(gradX, rows * len, 0f);
        for (int row = 0; row < rows; row++) {
            for (int o = 0; o < lout; o++) {
                gradX[row * len + indices[row * lout + o]] += gradY[row * lout + o];
            }
        }
    }
}
