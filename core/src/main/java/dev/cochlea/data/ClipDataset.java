package dev.cochlea.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Labelled clips as waveform {@link Example}s of shape {@code [1, length]}, decoded on demand by a
 * {@link ClipPreparer} (so decoding runs on the {@link DataLoader}'s prefetch threads). A file that cannot be read
 * raises an {@link UncheckedIOException} naming it. A {@link DataLoader} without a transform decodes the clips
 * straight into its batch buffer ({@link FixedShapeDataset}).
 */
public final class ClipDataset implements FixedShapeDataset {
    private final List<LabelledClip> clips;
    private final Map<String, Integer> labelIndex;
    private final ClipPreparer preparer;

    public ClipDataset(List<LabelledClip> clips, Map<String, Integer> labelIndex, ClipPreparer preparer) {
        this.clips = List.copyOf(clips);
        this.labelIndex = Map.copyOf(labelIndex);
        this.preparer = preparer;
        for (LabelledClip clip : this.clips) {
            if (!this.labelIndex.containsKey(clip.label())) {
                throw new IllegalArgumentException(clip.file() + ": label '" + clip.label()
                        + "' is not in the label list (" + this.labelIndex.size() + " labels)");
            }
        }
    }

    public List<LabelledClip> clips() {
        return clips;
    }

    @Override
    public int size() {
        return clips.size();
    }

    /** The clips at {@code indices}, in that order, read by the same preparer (torch.utils.data.Subset). */
    public ClipDataset subset(int[] indices) {
        List<LabelledClip> chosen = new ArrayList<>(indices.length);
        for (int i : indices) {
            chosen.add(clips.get(Objects.checkIndex(i, clips.size())));
        }
        return new ClipDataset(chosen, labelIndex, preparer);
    }

    @Override
    public int[] exampleShape() {
        return new int[] {1, preparer.length()};
    }

    @Override
    public int readInto(int index, float[] dst, int offset) {
        LabelledClip clip = clips.get(index);
        try {
            preparer.prepareInto(clip.file(), dst, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return labelIndex.get(clip.label());
    }
}
