package dev.cochlea.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Tensor;
import dev.cochlea.distributed.DataParallelHarness;
import dev.cochlea.distributed.DataParallelHarness.Norm;
import dev.cochlea.distributed.DataParallelHarness.Opt;
import dev.cochlea.examples.speech.DataOptions.FsddSplit;
import dev.cochlea.examples.speech.DatasetFormat;
import dev.cochlea.examples.speech.ModelKind;
import dev.cochlea.examples.speech.SpeechCli;
import dev.cochlea.examples.speech.SpeechNets;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.DType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training on a local Spark cluster of two executor JVMs with one core each (local-cluster[2,1,1024]),
 * started once for both tests because executors take seconds to start.
 *
 * <p>Equivalence: two ranks with batch 4 each against one process with batch 8, 10 SGD and 10 Adam steps, with
 * SyncBatchNorm1d and with BatchNorm in evaluation mode: parameters and buffers within 1e-5 (1 + |theta|), replicas
 * bit-identical.
 *
 * <p>Fault tolerance: the seed network trained by two ranks for 2 epochs of 6 steps, checkpointing every 4 steps, once
 * uninterrupted and once with rank 1's executor JVM halted at step 9 of the first attempt. Spark re-runs the whole
 * gang, which resumes from the newest checkpoint; the final state must equal the uninterrupted run's bit for bit,
 * and the output folder must load in the speech example's evaluate command. Bit-exactness needs a backend that gives
 * the same bits for the same steps in two runs, as the cpu backend does on every JDK (its vector sums add lanes in a
 * fixed order, so code before and after JIT compilation agrees).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalClusterTrainingTest {
    private static JavaSparkContext sc;

    @TempDir
    Path temp;

    @BeforeAll
    static void startCluster() throws Exception {
        sc = new JavaSparkContext(LocalCluster.configure(new SparkConf()
                .setAppName("cochlea-spark-tests")
                .setMaster("local-cluster[2,1,1024]")
                .set("spark.executor.memory", "768m")));
        sc.setLogLevel("WARN");
        LocalCluster.awaitExecutors(sc, 2, Duration.ofMinutes(5));
    }

    @AfterAll
    static void stopCluster() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    @Order(1)
    void twoExecutorsWithBatch4TrainLikeOneProcessWithBatch8() {
        List<String> configs =
                List.of("SYNC_BATCH_NORM SGD", "SYNC_BATCH_NORM ADAM", "EVAL_MODE SGD", "EVAL_MODE ADAM");
        List<HashMap<String, HashMap<String, float[]>>> replicas =
                BarrierGang.run(sc, 2, Duration.ofSeconds(60), member -> {
                    HashMap<String, HashMap<String, float[]>> out = new HashMap<>();
                    for (String config : configs) {
                        String[] parts = config.split(" ");
                        out.put(
                                config,
                                new HashMap<>(DataParallelHarness.trainRank(
                                        member.collective(), Norm.valueOf(parts[0]), Opt.valueOf(parts[1]), 10, 4)));
                    }
                    return out;
                });
        assertEquals(2, replicas.size());
        for (String config : configs) {
            String[] parts = config.split(" ");
            List<Map<String, float[]>> byRank = new ArrayList<>();
            replicas.forEach(r -> byRank.add(r.get(config)));
            DataParallelHarness.assertBitIdentical(byRank);
            Map<String, float[]> single =
                    DataParallelHarness.trainSingle(Norm.valueOf(parts[0]), Opt.valueOf(parts[1]), 10, 8);
            DataParallelHarness.assertClose(single, byRank.get(0), config);
        }
    }

    @Test
    @Order(2)
    void aRankKilledMidRunResumesToTheUninterruptedResult() throws Exception {
        Path data = SyntheticSpeech.write(temp.resolve("data"), 12, 2);
        Path clean = temp.resolve("clean");
        Path faulted = temp.resolve("faulted");

        List<RankReport> cleanReports = SparkTrainMain.train(sc, options(data, clean, -1, -1));
        List<RankReport> faultReports = SparkTrainMain.train(sc, options(data, faulted, 1, 9));

        assertEquals(0, cleanReports.get(0).attempt());
        assertTrue(faultReports.get(0).attempt() >= 1, "the gang was not re-run: " + faultReports);
        assertTrue(faultReports.get(0).startStep() >= 4, "the re-run did not resume: " + faultReports);
        assertEquals(3, Files.readAllLines(faulted.resolve("metrics.csv")).size(), "header and two epochs");

        int exit = SpeechCli.execute(
                "evaluate",
                "--checkpoint",
                faulted.resolve("last.safetensors").toString(),
                "--data",
                data.toString(),
                "--format",
                "folder",
                "--threads",
                "0");
        assertEquals(0, exit);

        // Checkpoint 8 was written by both runs before rank 1 died (or, rarely, by the re-run): the cpu backend gives
        // the same bits for the same steps in two runs, so the resumed run must end with exactly the same state.
        String eight = "checkpoints/step-000000008/model.safetensors";
        assertTrue(
                sameBits(clean.resolve(eight), faulted.resolve(eight)),
                "the cpu backend computed different bits for the same steps in two runs (JDK "
                        + Runtime.version().feature() + ")");
        assertTrue(
                sameBits(clean.resolve("last.safetensors"), faulted.resolve("last.safetensors")),
                "the resumed run ended with a different state than the uninterrupted one");
    }

    /** Whether two checkpoints hold the same tensors with the same bits. */
    private static boolean sameBits(Path expectedFile, Path actualFile) throws Exception {
        Map<String, Tensor> expected = Checkpoints.readStateDict(expectedFile, Backends.best());
        Map<String, Tensor> actual = Checkpoints.readStateDict(actualFile, Backends.best());
        if (!expected.keySet().equals(actual.keySet())) {
            return false;
        }
        for (String key : expected.keySet()) {
            boolean same = expected.get(key).dtype() == DType.INT32
                    ? Arrays.equals(
                            expected.get(key).toIntArray(), actual.get(key).toIntArray())
                    : Arrays.equals(
                            expected.get(key).toFloatArray(), actual.get(key).toFloatArray());
            if (!same) {
                System.out.println(actualFile + ": " + key + " differs from " + expectedFile);
                return false;
            }
        }
        return true;
    }

    private static TrainOptions options(Path data, Path out, int killRank, long killStep) {
        return new TrainOptions(
                2,
                data.toString(),
                DatasetFormat.FOLDER,
                FsddSplit.OFFICIAL,
                List.of(),
                List.of(),
                false,
                ModelKind.SEED,
                SpeechNets.SEED_INPUT_LENGTH,
                2,
                3,
                1e-3f,
                false,
                0,
                out.toString(),
                0,
                false,
                4,
                0,
                60,
                Map.of(),
                killRank,
                killStep);
    }
}
