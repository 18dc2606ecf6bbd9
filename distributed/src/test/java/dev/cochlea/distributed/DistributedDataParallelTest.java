package dev.cochlea.distributed;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cochlea.distributed.DataParallelHarness.Norm;
import dev.cochlea.distributed.DataParallelHarness.Opt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Ranks as threads over a loopback ring: N ranks with batch B train as one process with batch N B. */
class DistributedDataParallelTest {
    private static final int STEPS = 10;

    @ParameterizedTest
    @CsvSource({
        "SYNC_BATCH_NORM, SGD, 2",
        "SYNC_BATCH_NORM, ADAM, 2",
        "EVAL_MODE, SGD, 2",
        "EVAL_MODE, ADAM, 2",
        "SYNC_BATCH_NORM, ADAM, 3"
    })
    void ranksTogetherTrainLikeOneProcessWithTheirUnionBatch(Norm norm, Opt opt, int world) throws Exception {
        int localBatch = 4;
        Map<String, float[]> single = DataParallelHarness.trainSingle(norm, opt, STEPS, world * localBatch);
        try (LocalRing ring = LocalRing.join(world, Duration.ofSeconds(60))) {
            List<Map<String, float[]>> replicas = LocalRing.onEveryRank(
                    world, r -> DataParallelHarness.trainRank(ring.get(r), norm, opt, STEPS, localBatch));
            DataParallelHarness.assertBitIdentical(replicas);
            DataParallelHarness.assertClose(single, replicas.get(0), norm + " " + opt + " world " + world);
        }
    }

    @Test
    void aWorldOfOneTrainsLikePlainTraining() {
        Map<String, float[]> single = DataParallelHarness.trainSingle(Norm.EVAL_MODE, Opt.ADAM, STEPS, 8);
        Map<String, float[]> ddp =
                DataParallelHarness.trainRank(new SingleProcessCollective(), Norm.EVAL_MODE, Opt.ADAM, STEPS, 8);
        DataParallelHarness.assertBitIdentical(List.of(single, ddp));
    }

    @Test
    void localBatchNormKeepsReplicasInStepButIsNotTheSingleProcessComputation() throws Exception {
        // Guards against a vacuous equivalence: with per-rank batch statistics the result must differ.
        Map<String, float[]> single = DataParallelHarness.trainSingle(Norm.LOCAL_BATCH_NORM, Opt.ADAM, STEPS, 8);
        try (LocalRing ring = LocalRing.join(2, Duration.ofSeconds(60))) {
            List<Map<String, float[]>> replicas = LocalRing.onEveryRank(
                    2,
                    r -> parametersOnly(
                            DataParallelHarness.trainRank(ring.get(r), Norm.LOCAL_BATCH_NORM, Opt.ADAM, STEPS, 4)));
            DataParallelHarness.assertBitIdentical(replicas);
            assertThrows(
                    AssertionError.class,
                    () -> DataParallelHarness.assertClose(parametersOnly(single), replicas.get(0), "local BN"));
        }
    }

    /** Running statistics are rank-local after the last forward (PyTorch broadcasts them at the next one). */
    private static Map<String, float[]> parametersOnly(Map<String, float[]> state) {
        Map<String, float[]> out = new LinkedHashMap<>(state);
        out.keySet().removeIf(k -> k.contains("running_") || k.contains("num_batches"));
        return out;
    }
}
