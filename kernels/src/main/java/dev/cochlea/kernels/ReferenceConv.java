package dev.cochlea.kernels;

/**
 * Reference 1-D convolution (cross-correlation, zero padding): output position o of channel co reads input position
 * o * stride - padding + k * dilation for each tap k. Dot products accumulate in double.
 */
final class ReferenceConv {
    private ReferenceConv() {}

    /** y[n, co, o] = bias[co] + sum over ci, k of w[co, ci, k] * x[n, ci, o * s - p + k * d]. */
    static void forward(Conv1dParams p, float[] x, float[] w, float[] bias, float[] y) {
        int cin = p.inChannels();
        int cout = p.outChannels();
        int len = p.inLength();
        int kernel = p.kernelSize();
        int lout = p.outLength();
        for (int n = 0; n < p.batch(); n++) {
            for (int co = 0; co < cout; co++) {
                for (int o = 0; o < lout; o++) {
                    double sum = bias == null ? 0 : bias[co];
                    for (int ci = 0; ci < cin; ci++) {
                        for (int k = 0; k < kernel; k++) {
                            int t = inputPosition(p, o, k);
                            if (t >= 0 && t < len) {
                                sum += (double) w[(co * cin + ci) * kernel + k] * x[(n * cin + ci) * len + t];
                            }
                        }
                    }
                    y[(n * cout + co) * lout + o] = (float) sum;
                }
            }
        }
    }

    /** y = maxPool(relu(conv1d(x, w) + bias)): the three reference ops in turn (see {@link ConvBlockParams}). */
    static void blockForward(ConvBlockParams p, float[] x, float[] w, float[] bias, float[] y) {
        float[] conv = new float[Math.toIntExact(p.convOutSize())];
        forward(p.conv(), x, w, bias, conv);
        if (p.relu()) {
            ReferenceElementwise.unary(UnaryOp.RELU, conv, conv, conv.length);
        }
        if (p.pool() == null) {
            System.arraycopy(conv, 0, y, 0, conv.length);
        } else {
            ReferencePool.forward(p.pool(), conv, y, new int[Math.toIntExact(p.outSize())]);
        }
    }

    /**
     * gradX[n, ci, t] = sum of gradY[n, co, o] * w[co, ci, k] over every (co, o, k) whose tap reads t, i.e.
     * o * s - p + k * d == t. Written as a gather so each gradX element is one sum.
     */
    static void backwardInput(Conv1dParams p, float[] gradY, float[] w, float[] gradX) {
        int cin = p.inChannels();
        int cout = p.outChannels();
        int len = p.inLength();
        int kernel = p.kernelSize();
        int lout = p.outLength();
        for (int n = 0; n < p.batch(); n++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int t = 0; t < len; t++) {
                    double sum = 0;
                    for (int k = 0; k < kernel; k++) {
                        int shifted = t + p.padding() - k * p.dilation();
                        if (shifted < 0 || shifted % p.stride() != 0) {
                            continue;
                        }
                        int o = shifted / p.stride();
                        if (o >= lout) {
                            continue;
                        }
                        for (int co = 0; co < cout; co++) {
                            sum += (double) gradY[(n * cout + co) * lout + o] * w[(co * cin + ci) * kernel + k];
                        }
                    }
                    gradX[(n * cin + ci) * len + t] = (float) sum;
                }
            }
        }
    }

    /** gradW[co, ci, k] = sum over n, o of gradY[n, co, o] * x[n, ci, o * s - p + k * d]; gradBias[co] = sum gradY. */
    static void backwardWeight(Conv1dParams p, float[] x, float[] gradY, float[] gradW, float[] gradBias) {
        int cin = p.inChannels();
        int cout = p.outChannels();
        int len = p.inLength();
        int kernel = p.kernelSize();
        int lout = p.outLength();
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int k = 0; k < kernel; k++) {
                    double sum = 0;
                    for (int n = 0; n < p.batch(); n++) {
                        for (int o = 0; o < lout; o++) {
                            int t = inputPosition(p, o, k);
                            if (t >= 0 && t < len) {
                                sum += (double) gradY[(n * cout + co) * lout + o] * x[(n * cin + ci) * len + t];
                            }
                        }
                    }
                    gradW[(co * cin + ci) * kernel + k] = (float) sum;
                }
            }
            if (gradBias != null) {
                double sum = 0;
                for (int n = 0; n < p.batch(); n++) {
                    for (int o = 0; o < lout; o++) {
                        sum += gradY[(n * cout + co) * lout + o];
                    }
                }
                gradBias[co] = (float) sum;
            }
        }
    }

    private static int inputPosition(Conv1dParams p, int o, int k) {
        return o * p.stride() - p.padding() + k * p.dilation();
    }
}
