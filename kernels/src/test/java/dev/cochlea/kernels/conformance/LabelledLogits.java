package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.CrossEntropyParams;
import java.util.Random;

/**
 * A cross-entropy case's first random inputs: logits [rows, classes] and a label per row, drawn in that order from
 * the case's generator, which a test goes on drawing from for the rest.
 */
record LabelledLogits(Random random, float[] logits, int[] labels) {

    static LabelledLogits random(CrossEntropyParams p) {
        Random random = RandomData.forCase(p);
        float[] logits = RandomData.logits(random, p.rows() * p.classes(), 0f);
        return new LabelledLogits(random, logits, RandomData.labels(random, p.rows(), p.classes()));
    }
}
