package dev.cochlea.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Labelled clips as waveform {@link Example}s of shape {@code [1, length]}, decoded on demand by a
 * {@link ClipPreparer} (so decoding runs on the {@link DataLoader}'s prefetch threads). A file that cannot be read
 * raises an {@link UncheckedIOException} naming it.
 */
public final class ClipDataset implements Dataset<Example> {
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

    @Override
    public Example get(int index) {
        LabelledClip clip = clips.get(index);
        try {
            return Example.waveform(preparer.prepare(clip.file()), labelIndex.get(clip.label()));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
