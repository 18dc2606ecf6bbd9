package dev.cochlea.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The readers on the real Free Spoken Digit Dataset (3000 clips, 6 speakers), when it is present. */
class FsddRealDataTest {
    private static Path fsdd() {
        return FsddLocation.require("the real-data test");
    }

    @Test
    void officialSplitHas2700TrainAnd300Test() throws IOException {
        DatasetSplits splits = Fsdd.official(fsdd());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), splits.labels());
        assertEquals(2700, splits.train().size());
        assertEquals(300, splits.test().size());
    }

    @Test
    void speakerSplitHoldsOutGeorgeAndLucas() throws IOException {
        DatasetSplits splits = Fsdd.bySpeaker(fsdd());
        assertEquals(2000, splits.train().size());
        assertEquals(1000, splits.test().size());
        Set<String> testSpeakers = new HashSet<>();
        splits.test().forEach(c -> testSpeakers.add(c.speaker()));
        assertEquals(Set.of("george", "lucas"), testSpeakers);
    }

    @Test
    void clipsDecodeTo32000SamplesAt16kHz() throws IOException {
        DatasetSplits splits = Fsdd.official(fsdd());
        ClipDataset dataset =
                new ClipDataset(splits.test().subList(0, 5), splits.labelIndex(), new ClipPreparer(16000, 32000));
        for (int i = 0; i < dataset.size(); i++) {
            Example e = dataset.get(i);
            assertEquals(32000, e.data().length);
            double energy = 0;
            for (float v : e.data()) {
                assertTrue(
                        Math.abs(v) <= 1.01f,
                        "sample out of range in " + dataset.clips().get(i).file());
                energy += v * v;
            }
            assertTrue(energy > 0, "silent clip " + dataset.clips().get(i).file());
        }
        Map<String, Integer> index = splits.labelIndex();
        assertEquals(
                Integer.valueOf(dataset.clips().get(0).label()),
                index.get(dataset.clips().get(0).label()));
    }
}
