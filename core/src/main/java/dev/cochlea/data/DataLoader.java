package dev.cochlea.data;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches a {@link Dataset} of {@link Example}s for training, like {@code torch.utils.data.DataLoader}: seeded
 * shuffling per epoch, optional drop-last, and background prefetch threads that read, augment and stack the next
 * batches while the model trains on the current one.
 *
 * <p>Order and augmentation are deterministic for a seed whatever the number of threads: the epochs' orders are
 * successive {@link Generator#permutation permutations} from {@code new Generator(seed)} (or from a copy of the
 * generator given to {@link Builder#generator}), every example's transform gets a generator seeded from
 * {@code (seed, e, index)}, and batches are handed out in order however the threads finish. The orders are those of
 * the PyTorch loop {@code for epoch ...: for idx in torch.randperm(n, generator=g).split(batch)}, with {@code g}
 * seeded alike, so a run can follow PyTorch's batches exactly.
 *
 * <pre>{@code
 * try (DataLoader loader = DataLoader.builder(dataset).batchSize(32).shuffle(true).seed(0).workers(2).build()) {
 *     for (int epoch = 0; epoch < 10; epoch++) {
 *         for (Batch batch : loader.epoch(epoch)) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p>Every batch has tensors of its own, valid for as long as the caller keeps them. They are created on the thread
 * that calls {@code next()}, so a {@link dev.cochlea.MemoryScope} open there owns them: a training loop that opens
 * the step's scope before taking the batch hands the batch's device buffers back to the backend's pool at the end of
 * the step, and the next batch reuses them. The host arrays a batch is assembled in are the loader's own and are
 * recycled once the batch's tensors exist; with a {@link FixedShapeDataset} and no transform (or
 * {@link ExampleTransform#identity()}), examples are written straight into them, so that reading a batch allocates
 * next to nothing on the heap. The threads are daemons and end with {@link #close()}.
 */
public final class DataLoader implements Iterable<Batch>, AutoCloseable {
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final Dataset<Example> dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final long seed;
    private final Generator shuffleSource;
    private final List<int[]> shuffledOrders = new ArrayList<>();
    private final int workers;
    private final int prefetch;
    private final ExampleTransform transform;
    /** The dataset when its examples can be written straight into a batch (no transform to apply), else null. */
    private final FixedShapeDataset direct;

    private final HostArrays hostArrays;
    private final Backend backend;
    private final ExecutorService pool;
    private int nextEpoch;
    private EpochIterator current;
    private volatile boolean closed;

    private DataLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.dropLast = b.dropLast;
        this.seed = b.seed;
        this.shuffleSource = b.generator != null ? b.generator.copy() : new Generator(b.seed);
        this.workers = b.workers;
        this.prefetch = b.prefetch > 0 ? b.prefetch : Math.max(2, 2 * b.workers);
        this.transform = b.transform;
        this.direct = b.transform == ExampleTransform.identity() && b.dataset instanceof FixedShapeDataset f ? f : null;
        // Arrays in flight: the prefetched batches and the one being turned into tensors.
        this.hostArrays = new HostArrays(workers > 0 ? prefetch + 1 : 1);
        this.backend = b.backend;
        if (workers > 0) {
            int poolId = POOL_NUMBER.incrementAndGet();
            AtomicInteger threadId = new AtomicInteger();
            pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "cochlea-loader-" + poolId + "-" + threadId.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        } else {
            pool = null;
        }
    }

    public static Builder builder(Dataset<Example> dataset) {
        return new Builder(dataset);
    }

    public Dataset<Example> dataset() {
        return dataset;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Examples per epoch (fewer than the dataset's size with drop-last). */
    public int numExamples() {
        return dropLast ? numBatches() * batchSize : dataset.size();
    }

    /** The dataset indices of epoch {@code epoch} in the order they are batched. */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int n = dataset.size();
        if (!shuffle) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        }
        synchronized (shuffledOrders) {
            // Epoch e's permutation is the (e+1)-th drawn, so earlier epochs' are drawn (and kept) first.
            while (shuffledOrders.size() <= epoch) {
                shuffledOrders.add(shuffleSource.permutation(n));
            }
            return shuffledOrders.get(epoch).clone();
        }
    }

    /** The next epoch: 0 on the first call, then 1, 2, ... */
    @Override
    public Iterator<Batch> iterator() {
        return startEpoch(nextEpoch);
    }

    /** The batches of a given epoch (for resuming at that epoch); later {@link #iterator()} calls continue after it. */
    public Iterable<Batch> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        return () -> startEpoch(epoch);
    }

    private synchronized Iterator<Batch> startEpoch(int epoch) {
        if (closed) {
            throw new IllegalStateException("this DataLoader is closed");
        }
        if (current != null) {
            current.cancel();
        }
        nextEpoch = epoch + 1;
        current = new EpochIterator(epoch);
        return current;
    }

    /** Stops the prefetch threads; batches in flight are dropped. */
    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.cancel();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** A batch as host arrays, built by a prefetch thread. */
    private record HostBatch(float[] inputs, int[] shape, int[] labels, int[] indices) {}

    private HostBatch load(int epoch, int[] indices) {
        return direct != null ? loadDirect(indices) : loadTransformed(epoch, indices);
    }

    /** Each example written by the dataset into its row of a recycled array. */
    private HostBatch loadDirect(int[] indices) {
        int[] exampleShape = direct.exampleShape();
        int exampleSize = direct.exampleSize();
        float[] inputs = hostArrays.take(indices.length * exampleSize);
        int[] labels = new int[indices.length];
        for (int row = 0; row < indices.length; row++) {
            labels[row] = direct.readInto(indices[row], inputs, row * exampleSize);
        }
        return new HostBatch(inputs, batchShape(indices.length, exampleShape), labels, indices);
    }

    /** Each example read, transformed with its own seeded generator, and copied into its row. */
    private HostBatch loadTransformed(int epoch, int[] indices) {
        float[] inputs = null;
        int[] exampleShape = null;
        int[] labels = new int[indices.length];
        for (int row = 0; row < indices.length; row++) {
            int index = indices[row];
            Example example = transform.apply(dataset.get(index), new SplittableRandom(mix(seed, epoch, index)));
            if (exampleShape == null) {
                exampleShape = example.shape().clone();
                inputs = hostArrays.take(indices.length * example.data().length);
            } else if (!Arrays.equals(exampleShape, example.shape())) {
                throw new IllegalStateException("example " + index + " has shape " + Arrays.toString(example.shape())
                        + " but earlier examples of its batch have " + Arrays.toString(exampleShape)
                        + "; a batch needs equal shapes (pad or crop clips to one length)");
            }
            System.arraycopy(example.data(), 0, inputs, row * example.data().length, example.data().length);
            labels[row] = example.label();
        }
        return new HostBatch(inputs, batchShape(indices.length, exampleShape), labels, indices);
    }

    private static int[] batchShape(int rows, int[] exampleShape) {
        int[] shape = new int[exampleShape.length + 1];
        shape[0] = rows;
        System.arraycopy(exampleShape, 0, shape, 1, exampleShape.length);
        return shape;
    }

    /** SplitMix64 finaliser over the three values, so nearby (seed, epoch, index) give unrelated streams. */
    static long mix(long seed, long epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private final class EpochIterator implements Iterator<Batch> {
        private final int epoch;
        private final int[] order;
        private final int batches;
        private final ArrayDeque<Future<HostBatch>> inFlight = new ArrayDeque<>();
        private int submitted;
        private int delivered;

        EpochIterator(int epoch) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.batches = numBatches();
            if (pool != null) {
                while (submitted < batches && inFlight.size() < prefetch) {
                    submitNext();
                }
            }
        }

        private int[] indicesOf(int batch) {
            int from = batch * batchSize;
            return Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
        }

        private void submitNext() {
            int[] indices = indicesOf(submitted++);
            inFlight.add(pool.submit(() -> load(epoch, indices)));
        }

        @Override
        public boolean hasNext() {
            return delivered < batches;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has " + batches + " batches");
            }
            HostBatch host = pool == null ? load(epoch, indicesOf(delivered)) : await(inFlight.poll());
            delivered++;
            if (pool != null && submitted < batches) {
                submitNext();
            }
            Backend b = backend != null ? backend : Backends.best();
            Batch batch = new Batch(
                    Tensor.of(b, host.inputs(), host.shape()), Tensor.labels(b, host.labels()), host.indices());
            hostArrays.give(host.inputs()); // the tensor holds a copy
            return batch;
        }

        private HostBatch await(Future<HostBatch> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            } catch (CancellationException e) {
                throw new IllegalStateException(
                        "this epoch's iterator was cancelled (a newer epoch started or the " + "loader was closed)", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                if (cause instanceof IOException io) {
                    throw new UncheckedIOException(io);
                }
                throw new IllegalStateException(cause);
            }
        }

        void cancel() {
            for (Future<HostBatch> f : inFlight) {
                f.cancel(true);
            }
            inFlight.clear();
            submitted = batches;
        }
    }

    public static final class Builder {
        private final Dataset<Example> dataset;
        private int batchSize = 1;
        private boolean shuffle;
        private boolean dropLast;
        private long seed;
        private Generator generator;
        private int workers;
        private int prefetch;
        private ExampleTransform transform = ExampleTransform.identity();
        private Backend backend;

        private Builder(Dataset<Example> dataset) {
            if (dataset == null) {
                throw new IllegalArgumentException("dataset is null");
            }
            this.dataset = dataset;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Drop the last batch when it is smaller than the batch size. */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Seeds augmentation and, unless a {@link #generator} is given, the shuffled orders (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Shuffles with successive permutations from a copy of {@code generator} as it is now (it is not advanced),
         * as PyTorch's loop draws torch.randperm from the global generator after building the model.
         */
        public Builder generator(Generator generator) {
            this.generator = generator;
            return this;
        }

        /** Background threads that prepare batches; 0 prepares each batch on the caller's thread when asked. */
        public Builder workers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0, got " + workers);
            }
            this.workers = workers;
            return this;
        }

        /** Batches prepared ahead (default: twice the workers, at least 2). */
        public Builder prefetch(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("prefetch must be >= 1 batch, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }

        public Builder transform(ExampleTransform transform) {
            this.transform = transform == null ? ExampleTransform.identity() : transform;
            return this;
        }

        /** Where batch tensors are created (default: {@link Backends#best()} at the time of each batch). */
        public Builder backend(Backend backend) {
            this.backend = backend;
            return this;
        }

        public DataLoader build() {
            if (dataset.size() == 0) {
                throw new IllegalArgumentException("the dataset is empty: nothing to load");
            }
            return new DataLoader(this);
        }
    }
}
