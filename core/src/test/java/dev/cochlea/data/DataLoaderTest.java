package dev.cochlea.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Generator;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    private static final Backend BACKEND = Backends.get("reference");

    /** Example i holds {i, 10 i} as a [1, 2] input and label i % 3. */
    private static Dataset<Example> numbers(int n) {
        return Dataset.of(n, index -> new Example(new float[] {index, 10f * index}, new int[] {1, 2}, index % 3));
    }

    /** Every batch's inputs and labels, flattened, for one epoch. */
    private static List<float[]> epoch(DataLoader loader, int epoch) {
        List<float[]> batches = new ArrayList<>();
        for (Batch b : loader.epoch(epoch)) {
            batches.add(b.inputs().toFloatArray());
        }
        return batches;
    }

    @Test
    void batchesInOrderWithoutShuffle() {
        try (DataLoader loader =
                DataLoader.builder(numbers(10)).batchSize(4).backend(BACKEND).build()) {
            assertEquals(3, loader.numBatches());
            List<Batch> batches = new ArrayList<>();
            loader.forEach(batches::add);
            assertEquals(3, batches.size());
            assertArrayEquals(new int[] {4, 1, 2}, batches.get(0).inputs().shape());
            assertArrayEquals(new int[] {2, 1, 2}, batches.get(2).inputs().shape(), "the last batch keeps the rest");
            assertArrayEquals(
                    new float[] {8, 80, 9, 90}, batches.get(2).inputs().toFloatArray());
            assertArrayEquals(new int[] {0, 1, 2, 0}, batches.get(0).labels().toIntArray());
            assertArrayEquals(new int[] {4, 5, 6, 7}, batches.get(1).indices());
        }
    }

    @Test
    void dropLastDropsTheShortBatch() {
        try (DataLoader loader = DataLoader.builder(numbers(10))
                .batchSize(4)
                .dropLast(true)
                .backend(BACKEND)
                .build()) {
            assertEquals(2, loader.numBatches());
            assertEquals(8, loader.numExamples());
            int count = 0;
            for (Batch b : loader) {
                assertEquals(4, b.size());
                count++;
            }
            assertEquals(2, count);
        }
    }

    @Test
    void shuffledEpochSeesEveryExampleOnce() {
        try (DataLoader loader = DataLoader.builder(numbers(23))
                .batchSize(5)
                .shuffle(true)
                .seed(7)
                .workers(2)
                .backend(BACKEND)
                .build()) {
            for (int e = 0; e < 3; e++) {
                boolean[] seen = new boolean[23];
                for (Batch b : loader) {
                    float[] x = b.inputs().toFloatArray();
                    for (int row = 0; row < b.size(); row++) {
                        int index = (int) x[2 * row];
                        assertEquals(b.indices()[row], index);
                        assertFalse(seen[index], "example " + index + " twice in epoch " + e);
                        seen[index] = true;
                    }
                }
                for (int i = 0; i < 23; i++) {
                    assertTrue(seen[i], "example " + i + " missing from epoch " + e);
                }
            }
        }
    }

    @Test
    void orderIsDeterministicForASeedWhateverTheThreadCount() {
        List<List<float[]>> runs = new ArrayList<>();
        for (int workers : new int[] {0, 1, 3}) {
            try (DataLoader loader = DataLoader.builder(numbers(50))
                    .batchSize(6)
                    .shuffle(true)
                    .seed(42)
                    .workers(workers)
                    .transform(jitter())
                    .backend(BACKEND)
                    .build()) {
                List<float[]> all = new ArrayList<>(epoch(loader, 0));
                all.addAll(epoch(loader, 1));
                runs.add(all);
            }
        }
        for (int run = 1; run < runs.size(); run++) {
            assertEquals(runs.get(0).size(), runs.get(run).size());
            for (int b = 0; b < runs.get(0).size(); b++) {
                assertArrayEquals(runs.get(0).get(b), runs.get(run).get(b), "run " + run + " batch " + b);
            }
        }
    }

    /** Adds a random offset, so the check above covers the transform's generator too. */
    private static ExampleTransform jitter() {
        return (e, rng) -> {
            float[] d = e.data().clone();
            d[1] += (float) rng.nextDouble();
            return new Example(d, e.shape(), e.label());
        };
    }

    @Test
    void epochsAndSeedsGiveDifferentOrders() {
        try (DataLoader a = DataLoader.builder(numbers(30))
                        .batchSize(30)
                        .shuffle(true)
                        .seed(1)
                        .build();
                DataLoader b = DataLoader.builder(numbers(30))
                        .batchSize(30)
                        .shuffle(true)
                        .seed(2)
                        .build()) {
            assertNotEquals(Arrays.toString(a.order(0)), Arrays.toString(a.order(1)));
            assertNotEquals(Arrays.toString(a.order(0)), Arrays.toString(b.order(0)));
            assertArrayEquals(a.order(3), a.order(3));
            int[] sorted = a.order(5).clone();
            Arrays.sort(sorted);
            for (int i = 0; i < 30; i++) {
                assertEquals(i, sorted[i]);
            }
        }
    }

    @Test
    void shuffledOrdersAreSuccessiveRandpermsOfTheSeed() {
        // PyTorch: g = torch.Generator().manual_seed(9); for epoch ...: torch.randperm(40, generator=g)
        Generator expected = new Generator(9);
        try (DataLoader loader = DataLoader.builder(numbers(40))
                .batchSize(8)
                .shuffle(true)
                .seed(9)
                .build()) {
            int[] third = loader.order(2); // asked out of order: epochs 0 and 1 are drawn first
            assertArrayEquals(expected.permutation(40), loader.order(0));
            assertArrayEquals(expected.permutation(40), loader.order(1));
            assertArrayEquals(expected.permutation(40), third);
        }
    }

    @Test
    void aGivenGeneratorIsCopiedAtBuildTimeAndNotAdvanced() {
        Generator source = new Generator(4);
        source.permutation(100); // a model's initialisation, say
        Generator expected = source.copy();
        try (DataLoader loader = DataLoader.builder(numbers(40))
                .batchSize(8)
                .shuffle(true)
                .generator(source)
                .build()) {
            source.permutation(100); // later draws elsewhere do not move the loader's orders
            assertArrayEquals(expected.permutation(40), loader.order(0));
            assertArrayEquals(expected.permutation(40), loader.order(1));
        }
        assertThrows(IllegalArgumentException.class, () -> {
            try (DataLoader loader =
                    DataLoader.builder(numbers(4)).shuffle(true).build()) {
                loader.order(-1);
            }
        });
    }

    @Test
    void iteratorContinuesWithTheNextEpoch() {
        try (DataLoader loader = DataLoader.builder(numbers(12))
                .batchSize(12)
                .shuffle(true)
                .seed(3)
                .backend(BACKEND)
                .build()) {
            loader.epoch(4).iterator().next();
            int[] fifth = loader.iterator().next().indices();
            assertArrayEquals(loader.order(5), fifth, "after epoch 4, iterator() starts epoch 5");
        }
    }

    @Test
    void errorsFromWorkersReachTheCaller() {
        Dataset<Example> broken = Dataset.of(4, index -> {
            throw new UncheckedIOException("clip" + index + ".wav: not a WAV file", new java.io.IOException());
        });
        try (DataLoader loader =
                DataLoader.builder(broken).batchSize(2).workers(2).build()) {
            Iterator<Batch> it = loader.iterator();
            UncheckedIOException e = assertThrows(UncheckedIOException.class, it::next);
            assertTrue(e.getMessage().contains("clip0.wav"), e.getMessage());
        }
    }

    @Test
    void mismatchedShapesInABatchAreNamed() {
        Dataset<Example> ragged = Dataset.of(2, index -> Example.waveform(new float[index + 1], 0));
        try (DataLoader loader = DataLoader.builder(ragged).batchSize(2).build()) {
            IllegalStateException e = assertThrows(
                    IllegalStateException.class, () -> loader.iterator().next());
            assertTrue(e.getMessage().contains("example 1 has shape [1, 2]"), e.getMessage());
        }
    }

    @Test
    void closeEndsThePrefetchThreads() throws InterruptedException {
        DataLoader loader =
                DataLoader.builder(numbers(100)).batchSize(2).workers(3).build();
        loader.iterator().next();
        loader.close();
        long deadline = System.currentTimeMillis() + 5000;
        while (liveLoaderThreads() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, liveLoaderThreads(), "prefetch threads still running after close()");
        assertThrows(IllegalStateException.class, loader::iterator);
    }

    private static long liveLoaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("cochlea-loader-") && t.isAlive())
                .count();
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> DataLoader.builder(numbers(3)).batchSize(0));
        assertThrows(
                IllegalArgumentException.class,
                () -> DataLoader.builder(numbers(3)).workers(-1));
        assertThrows(
                IllegalArgumentException.class,
                () -> DataLoader.builder(numbers(0)).build());
    }
}
