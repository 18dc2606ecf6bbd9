package dev.cochlea.examples.speech;

import java.util.List;

/** A model's class probabilities for one clip, in label order, and its best label. */
public record Prediction(List<String> labels, double[] probabilities) {
    public Prediction {
        if (labels.size() != probabilities.length) {
            throw new IllegalArgumentException(
                    labels.size() + " labels but " + probabilities.length + " probabilities");
        }
    }

    /** Index of the most probable label (the first on a tie). */
    public int best() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }

    public String bestLabel() {
        return labels.get(best());
    }

    public double bestProbability() {
        return probabilities[best()];
    }
}
