package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Conv1dParams;
import java.util.Random;

/** A forward convolution's random inputs: x, w and (when the case has one) bias, drawn in that order. */
record ConvInputs(float[] x, float[] w, float[] bias) {

    static ConvInputs random(Object testCase, Conv1dParams p, boolean bias) {
        Random random = RandomData.forCase(testCase);
        float[] x = RandomData.gaussian(random, p.inputSize());
        float[] w = RandomData.gaussian(random, p.weightSize());
        return new ConvInputs(x, w, bias ? RandomData.gaussian(random, p.outChannels()) : null);
    }
}
