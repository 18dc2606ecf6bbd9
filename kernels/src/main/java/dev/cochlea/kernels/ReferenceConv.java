package dev.cochlea.kernels;

/**
 * Reference 1-D convolution (cross-correlation, zero padding): output position o of channel co reads input position
 * o * stride - padding + k * dilation for each tap k. Dot products accumulate in double.
 */
final class ReferenceConv {
    private ReferenceConv() {}

    /** y[n, co, o] = bias[co] + sum over ci, k of w[co, ci, k] * x[n, ci, o * s - p + k * d]. */
    static void forward(Conv1dParams p, float[] x, float[] w, float[] bias, float[] y) {
        for (int n = 0; n < p.batch(); n++) {
            for (int co = 0; co < p.outChannels(); co++) {
                for (int o = 0; o < p.outLength(); o++) {
                    double sum = bias == null ? 0 : bias[co];
                    for (int ci = 0; ci < p.inChannels(); ci++) {
                        for (int k = 0; k < p.kernelSize(); k++) {
                            int t = inputPosition(p, o, k);
                            if (t >= 0 && t < p.inLength()) {
                                sum += (double) w[weightIndex(p, co, ci, k)] * x[inputIndex(p, n, ci, t)];
                            }
                        }
                    }
                    y[outputIndex(p, n, co, o)] = (float) sum;
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
        for (int n = 0; n < p.batch(); n++) {
            for (int ci = 0; ci < p.inChannels(); ci++) {
                for (int t = 0; t < p.inLength(); t++) {
                    double sum = 0;
                    for (int k = 0; k < p.kernelSize(); k++) {
                        int shifted = t + p.padding() - k * p.dilation();
                        if (shifted < 0 || shifted % p.stride() != 0) {
                            continue;
                        }
                        int o = shifted / p.stride();
                        if (o >= p.outLength()) {
                            continue;
                        }
                        for (int co = 0; co < p.outChannels(); co++) {
                            sum += (double) gradY[outputIndex(p, n, co, o)] * w[weightIndex(p, co, ci, k)];
                        }
                    }
                    gradX[inputIndex(p, n, ci, t)] = (float) sum;
                }
            }
        }
    }

    /** gradW[co, ci, k] = sum over n, o of gradY[n, co, o] * x[n, ci, o * s - p + k * d]; gradBias[co] = sum gradY. */
    static void backwardWeight(Conv1dParams p, float[] x, float[] gradY, float[] gradW, float[] gradBias) {
        for (int co = 0; co < p.outChannels(); co++) {
            for (int ci = 0; ci < p.inChannels(); ci++) {
                for (int k = 0; k < p.kernelSize(); k++) {
                    double sum = 0;
                    for (int n = 0; n < p.batch(); n++) {
                        for (int o = 0; o < p.outLength(); o++) {
                            int t = inputPosition(p, o, k);
                            if (t >= 0 && t < p.inLength()) {
                                sum += (double) gradY[outputIndex(p, n, co, o)] * x[inputIndex(p, n, ci, t)];
                            }
                        }
                    }
                    gradW[weightIndex(p, co, ci, k)] = (float) sum;
                }
            }
            if (gradBias != null) {
                double sum = 0;
                for (int n = 0; n < p.batch(); n++) {
                    for (int o = 0; o < p.outLength(); o++) {
                        sum += gradY[outputIndex(p, n, co, o)];
                    }
                }
                gradBias[co] = (float) sum;
            }
        }
    }

    private static int inputPosition(Conv1dParams p, int o, int k) {
        return o * p.stride() - p.padding() + k * p.dilation();
    }

    /** Where x[n, ci, t] (and gradX) sits in its [batch, inChannels, inLength] array. */
    private static int inputIndex(Conv1dParams p, int n, int ci, int t) {
        return (n * p.inChannels() + ci) * p.inLength() + t;
    }

    /** Where w[co, ci, k] (and gradW) sits in its [outChannels, inChannels, kernelSize] array. */
    private static int weightIndex(Conv1dParams p, int co, int ci, int k) {
        return (co * p.inChannels() + ci) * p.kernelSize() + k;
    }

    /** Where y[n, co, o] (and gradY) sits in its [batch, outChannels, outLength] array. */
    private static int outputIndex(Conv1dParams p, int n, int co, int o) {
        return (n * p.outChannels() + co) * p.outLength() + o;
    }
}
