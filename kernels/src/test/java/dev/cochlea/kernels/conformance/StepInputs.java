package dev.cochlea.kernels.conformance;

import java.util.Random;

/**
 * An optimizer case's first random inputs: n parameters and their gradient, drawn in that order from the case's
 * generator, which a test goes on drawing from for the optimizer's state.
 */
record StepInputs(Random random, float[] param, float[] grad) {

    static StepInputs random(Object testCase, int n) {
        Random random = RandomData.forCase(testCase);
        float[] param = RandomData.gaussian(random, n);
        return new StepInputs(random, param, RandomData.gaussian(random, n));
    }

    /** The step's outputs for the parameters: the new ones element-wise, and new - old on the update's own scale. */
    Outputs updated(float[] after, double pointwise, double update) {
        float[] difference = new float[after.length];
        for (int i = 0; i < difference.length; i++) {
            difference[i] = after[i] - param[i];
        }
        return new Outputs().pointwise("param", after, pointwise).sums("update", difference, update);
    }
}
