package dev.cochlea.audio;

/**
 * Analysis windows as {@code torch.hann_window} and friends. A periodic window of length N is the
 * first N points of the symmetric window of length N + 1, which is what STFTs want (the default in
 * torch).
 */
public enum WindowFunction {
    /** {@code 0.5 - 0.5 cos(2 pi n / M)}. */
    HANN,
    /** {@code 0.54 - 0.46 cos(2 pi n / M)}. */
    HAMMING,
    /** All ones. */
    RECTANGULAR;

    public double[] create(int length, boolean periodic) {
        if (length <= 0) {
            throw new IllegalArgumentException("window length must be positive, got " + length);
        }
        double[] w = new double[length];
        if (length == 1 || this == RECTANGULAR) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        int m = periodic ? length : length - 1;
        for (int n = 0; n < length; n++) {
            double c = Math.cos(2 * Math.PI * n / m);
            w[n] = this == HANN ? 0.5 - 0.5 * c : 0.54 - 0.46 * c;
        }
        return w;
    }
}
