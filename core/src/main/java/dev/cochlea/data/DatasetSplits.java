package dev.cochlea.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A dataset's clips split into train, validation and test lists (validation may be empty when the layout has none),
 * with the label list shared by all three: the sorted labels of every split, so class indices agree between them.
 */
public record DatasetSplits(
        String name, List<String> labels, List<LabelledClip> train, List<LabelledClip> valid, List<LabelledClip> test) {
    public DatasetSplits {
        labels = List.copyOf(labels);
        train = List.copyOf(train);
        valid = List.copyOf(valid);
        test = List.copyOf(test);
    }

    /** Splits whose labels are collected from the clips and sorted. */
    public static DatasetSplits of(
            String name, List<LabelledClip> train, List<LabelledClip> valid, List<LabelledClip> test) {
        TreeSet<String> labels = new TreeSet<>();
        for (List<LabelledClip> split : List.of(train, valid, test)) {
            split.forEach(c -> labels.add(c.label()));
        }
        return new DatasetSplits(name, new ArrayList<>(labels), train, valid, test);
    }

    /** The held-out split used for evaluation during training: validation when present, else test. */
    public List<LabelledClip> heldOut() {
        return valid.isEmpty() ? test : valid;
    }

    /** Label to class index. */
    public Map<String, Integer> labelIndex() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        return Collections.unmodifiableMap(index);
    }

    @Override
    public String toString() {
        return name + ": " + labels.size() + " labels, " + train.size() + " train / " + valid.size() + " valid / "
                + test.size() + " test clips";
    }
}
