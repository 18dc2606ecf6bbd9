package dev.cochlea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.audio.AudioClip;
import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clips decoded straight into a batch's (recycled) host array give exactly the values of a fresh read, and batches a
 * caller holds stay intact while later ones are read into the same arrays.
 */
class DirectBatchTest {
    private static final Backend BACKEND = Backends.get("reference");
    private static final int LENGTH = 1200;

    @TempDir
    Path dir;

    /** Clips of different rates, channel counts and lengths (shorter and longer than the model's input). */
    private ClipDataset clips() throws IOException {
        List<LabelledClip> clips = new ArrayList<>();
        int[][] rateAndFrames = {
            {8000, 400}, {8000, 2000}, {16000, 300}, {16000, 5000}, {22050, 900}, {8000, 601}, {16000, 1200}
        };
        for (int i = 0; i < 11; i++) {
            int rate = rateAndFrames[i % rateAndFrames.length][0];
            int frames = rateAndFrames[i % rateAndFrames.length][1] + 13 * i;
            Path file = dir.resolve("clip" + i + ".wav");
            if (i % 4 == 3) {
                float[] left = tone(rate, frames, 200 + 40 * i);
                float[] right = tone(rate, frames, 90 + 10 * i);
                Wav.write(file, new AudioClip(new float[][] {left, right}, rate), SampleEncoding.FLOAT32);
            } else {
                Wav.write(file, tone(rate, frames, 200 + 40 * i), rate, SampleEncoding.PCM_S16);
            }
            clips.add(new LabelledClip(file, String.valueOf(i % 3), ""));
        }
        return new ClipDataset(clips, Map.of("0", 0, "1", 1, "2", 2), new ClipPreparer(16000, LENGTH));
    }

    private static float[] tone(int rate, int frames, double hz) {
        float[] samples = new float[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = (float) (0.6 * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return samples;
    }

    @Test
    void prepareIntoWritesWhatTheWholeFilePreparesToAndOverwritesAnEarlierLongerClip() throws IOException {
        ClipDataset dataset = clips();
        ClipPreparer preparer = new ClipPreparer(16000, LENGTH);
        float[] row = new float[LENGTH + 4];
        Arrays.fill(row, Float.NaN);
        // Longest clips first: whatever a long clip left in the row (and in the scratch frames) must not show through.
        Integer[] order = {3, 1, 0, 2, 4, 5, 6, 7, 8, 9, 10};
        for (int i : order) {
            Path file = dataset.clips().get(i).file();
            preparer.prepareInto(file, row, 2);
            assertArrayEquals(
                    preparer.prepare(Wav.read(file)), Arrays.copyOfRange(row, 2, 2 + LENGTH), file.toString());
            assertTrue(Float.isNaN(row[0]) && Float.isNaN(row[1]) && Float.isNaN(row[LENGTH + 2]), "outside the row");
        }
    }

    @Test
    void batchesReadInPlaceEqualAFreshReadEvenWhileTheCallerHoldsEarlierOnes() throws IOException {
        ClipDataset dataset = clips();
        for (int workers : new int[] {0, 2}) {
            try (DataLoader inPlace = DataLoader.builder(dataset)
                            .batchSize(4)
                            .shuffle(true)
                            .seed(7)
                            .workers(workers)
                            .backend(BACKEND)
                            .build();
                    // A transform other than identity takes the example-by-example path: a fresh array per clip.
                    DataLoader fresh = DataLoader.builder(dataset)
                            .batchSize(4)
                            .shuffle(true)
                            .seed(7)
                            .transform((example, rng) ->
                                    new Example(example.data().clone(), example.shape(), example.label()))
                            .backend(BACKEND)
                            .build()) {
                List<Batch> held = new ArrayList<>();
                List<Batch> expected = new ArrayList<>();
                for (int epoch = 0; epoch < 3; epoch++) {
                    inPlace.epoch(epoch).forEach(held::add);
                    fresh.epoch(epoch).forEach(expected::add);
                }
                assertEquals(9, held.size());
                for (int b = 0; b < held.size(); b++) {
                    Batch batch = held.get(b);
                    String what = workers + " workers, batch " + b;
                    assertArrayEquals(expected.get(b).indices(), batch.indices(), what);
                    assertArrayEquals(
                            expected.get(b).inputs().shape(), batch.inputs().shape(), what);
                    assertArrayEquals(
                            expected.get(b).inputs().toFloatArray(),
                            batch.inputs().toFloatArray(),
                            what);
                    assertArrayEquals(
                            expected.get(b).labels().toIntArray(),
                            batch.labels().toIntArray(),
                            what);
                    float[] stacked = new float[batch.size() * LENGTH];
                    for (int row = 0; row < batch.size(); row++) {
                        Example example = dataset.get(batch.indices()[row]);
                        System.arraycopy(example.data(), 0, stacked, row * LENGTH, LENGTH);
                    }
                    assertArrayEquals(stacked, batch.inputs().toFloatArray(), what + ": against Dataset.get");
                }
            }
        }
    }

    @Test
    void aSubsetReadsTheChosenClipsInTheirOrder() throws IOException {
        ClipDataset dataset = clips();
        ClipDataset subset = dataset.subset(new int[] {5, 0, 5});
        assertEquals(3, subset.size());
        assertEquals(dataset.get(5), subset.get(0));
        assertEquals(dataset.get(0), subset.get(1));
        assertEquals(dataset.get(5), subset.get(2));
        assertArrayEquals(new int[] {1, LENGTH}, subset.exampleShape());
    }

    @Test
    void hostArraysAreRecycledOnlyAtTheirLength() {
        HostArrays arrays = new HostArrays(1);
        float[] first = arrays.take(8);
        arrays.give(first);
        assertSame(first, arrays.take(8));
        arrays.give(first);
        assertNotSame(first, arrays.take(4), "an array of another length is not handed out");
        assertSame(ExampleTransform.identity(), ExampleTransform.identity());
    }
}
