package dev.cochlea.inference;

import dev.cochlea.nn.BatchNorm1d;

/**
 * Folds an evaluation-mode BatchNorm1d into the convolution before it, as torch.ao's {@code fuse_conv_bn_eval} and
 * ONNX Runtime's Conv+BatchNormalization fusion do. Per output channel c, with s = gamma[c] / sqrt(var[c] + eps):
 * <pre>
 *   w'[c, :, :] = w[c, :, :] * s
 *   b'[c]       = (b[c] - mean[c]) * s + beta[c]      (b = 0 for a convolution without bias)
 * </pre>
 * so that conv(x, w') + b' = batchNorm(conv(x, w) + b) exactly in real arithmetic. The products are formed in double
 * and rounded once to float32. A non-affine batch norm has gamma = 1 and beta = 0.
 */
final class BatchNormFolding {
    private BatchNormFolding() {}

    /** The folded weights and bias. */
    record Folded(float[] weight, float[] bias) {}

    /**
     * @param weight the convolution's weight [outChannels, ...] flattened, outChannels = norm's channels
     * @param bias   the convolution's bias [outChannels], or null
     */
    static Folded fold(float[] weight, float[] bias, BatchNorm1d norm) {
        int channels = norm.numFeatures();
        float[] mean = norm.runningMean().toFloatArray();
        float[] var = norm.runningVar().toFloatArray();
        float[] gamma = norm.weight() == null ? null : norm.weight().toFloatArray();
        float[] beta = norm.bias() == null ? null : norm.bias().toFloatArray();
        int perChannel = weight.length / channels;
        float[] w = new float[weight.length];
        float[] b = new float[channels];
        for (int c = 0; c < channels; c++) {
            double scale = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt((double) var[c] + norm.eps());
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                w[i] = (float) (weight[i] * scale);
            }
            double b0 = bias == null ? 0.0 : bias[c];
            b[c] = (float) ((b0 - mean[c]) * scale + (beta == null ? 0.0 : beta[c]));
        }
        return new Folded(w, b);
    }
}
