package dev.cochlea.examples.speech;

/** Softmax in double, written out plainly: the tests' own reference for the probabilities the CLI prints. */
final class ReferenceSoftmax {
    private ReferenceSoftmax() {}

    static double[] of(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
