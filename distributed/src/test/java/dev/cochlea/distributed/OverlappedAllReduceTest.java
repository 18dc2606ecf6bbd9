package dev.cochlea.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.cpu.CpuBackend;
import dev.cochlea.kernels.Backend;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Optimizer;
import dev.cochlea.optim.SGD;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Buckets whose all-reduce starts during backward (a training forward through the wrapper) give the same bits as
 * buckets all reduced after backward (a forward around the wrapper), with SyncBatchNorm's own all-reduces interleaved
 * in backward, on 2 and 3 ranks; and they do start before backward ends.
 */
class OverlappedAllReduceTest {
    private static final int STEPS = 5;
    private static final int BATCH = 4;
    private static final long SMALL_BUCKETS = 256; // bytes: the test net's parameters fill several buckets

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void bucketsStartedDuringBackwardGiveTheBitsOfBucketsReducedAfterIt(int world) throws Exception {
        try (LocalRing ring = LocalRing.join(world, Duration.ofSeconds(60))) {
            List<Run> overlapped = LocalRing.onEveryRank(world, r -> train(ring.get(r), true));
            List<Run> afterBackward = LocalRing.onEveryRank(world, r -> train(ring.get(r), false));
            for (int r = 0; r < world; r++) {
                assertTrue(
                        overlapped.get(r).buckets() > 2,
                        "buckets: " + overlapped.get(r).buckets());
                assertTrue(overlapped.get(r).startedDuringBackward() > 0, "no bucket started before backward ended");
                assertEquals(0, afterBackward.get(r).startedDuringBackward());
                DataParallelHarness.assertBitIdentical(
                        List.of(afterBackward.get(r).state(), overlapped.get(r).state()));
            }
            DataParallelHarness.assertBitIdentical(
                    overlapped.stream().map(Run::state).toList());
        }
    }

    private record Run(Map<String, float[]> state, int buckets, int startedDuringBackward) {}

    private static Run train(Collective ring, boolean overlap) {
        Backend backend = new CpuBackend(1);
        CountingCollective collective = new CountingCollective(ring);
        Sequential replica;
        synchronized (dev.cochlea.Generator.class) { // ranks as threads share the global generator
            replica = DataParallelHarness.net(99);
        }
        replica.to(backend);
        Sequential model = SyncBatchNorm1d.convert(replica, collective);
        DistributedDataParallel ddp = new DistributedDataParallel(model, collective, SMALL_BUCKETS, false);
        Module forward = overlap ? ddp : model;
        Optimizer optimizer = new SGD(ddp.parameters(), 0.05f, SGD.options().momentum(0.9f));
        int[] mine = new DistributedSampler(DataParallelHarness.EXAMPLES, ring.rank(), ring.worldSize(), 7).indices(0);
        int startedDuringBackward = 0;
        for (int s = 0; s < STEPS; s++) {
            int[] indices = Arrays.copyOfRange(mine, s * BATCH, (s + 1) * BATCH);
            float[] inputs = new float[BATCH * DataParallelHarness.LENGTH];
            int[] labels = new int[BATCH];
            for (int i = 0; i < BATCH; i++) {
                float[] x = DataParallelHarness.example(indices[i]);
                System.arraycopy(x, 0, inputs, i * x.length, x.length);
                labels[i] = indices[i] % DataParallelHarness.CLASSES;
            }
            try (MemoryScope ignored = MemoryScope.open()) {
                Tensor x = Tensor.of(backend, inputs, BATCH, 1, DataParallelHarness.LENGTH);
                Tensor loss = Losses.crossEntropy(forward.forward(x), Tensor.labels(backend, labels));
                optimizer.zeroGrad();
                int before = collective.asyncStarts.get();
                loss.backward();
                startedDuringBackward += collective.asyncStarts.get() - before;
                ddp.synchronizeGradients();
                optimizer.step();
            }
        }
        Map<String, float[]> state = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            state.put(e.getKey(), e.getValue().toFloatArray());
        }
        return new Run(state, ddp.bucketCount(), startedDuringBackward);
    }

    /** Passes every operation to the ring and counts the asynchronous all-reduces. */
    private static final class CountingCollective implements Collective {
        private final Collective ring;
        private final AtomicInteger asyncStarts = new AtomicInteger();

        CountingCollective(Collective ring) {
            this.ring = ring;
        }

        @Override
        public int rank() {
            return ring.rank();
        }

        @Override
        public int worldSize() {
            return ring.worldSize();
        }

        @Override
        public void allReduceSum(float[] data, int offset, int length) {
            ring.allReduceSum(data, offset, length);
        }

        @Override
        public CompletableFuture<Void> allReduceSumAsync(float[] data, int offset, int length) {
            asyncStarts.incrementAndGet();
            return ring.allReduceSumAsync(data, offset, length);
        }

        @Override
        public void broadcast(byte[] data, int offset, int length, int root) {
            ring.broadcast(data, offset, length, root);
        }

        @Override
        public void barrier() {
            ring.barrier();
        }

        @Override
        public void close() {}
    }
}
