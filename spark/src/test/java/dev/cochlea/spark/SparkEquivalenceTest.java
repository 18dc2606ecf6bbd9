package dev.cochlea.spark;

import dev.cochlea.distributed.DataParallelHarness;
import dev.cochlea.distributed.DataParallelHarness.Norm;
import dev.cochlea.distributed.DataParallelHarness.Opt;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two ranks in two executor JVMs of a local Spark cluster, batch 4 each, against one process with batch 8: 10 SGD and
 * 10 Adam steps, with SyncBatchNorm1d and with BatchNorm in evaluation mode. Parameters and buffers within
 * 1e-5 (1 + |theta|), and the two replicas bit-identical.
 */
class SparkEquivalenceTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void startCluster() throws Exception {
        sc = new JavaSparkContext(LocalCluster.configure(new SparkConf().setAppName("cochlea-equivalence")
                .setMaster("local-cluster[2,1,1024]").set("spark.executor.memory", "768m")));
    }

    @AfterAll
    static void stopCluster() {
        if (sc != null) {
            sc.stop();
        }
    }

    @Test
    void twoExecutorsWithBatch4TrainLikeOneProcessWithBatch8() {
        List<String> configs = List.of("SYNC_BATCH_NORM SGD", "SYNC_BATCH_NORM ADAM", "EVAL_MODE SGD",
                "EVAL_MODE ADAM");
        List<HashMap<String, HashMap<String, float[]>>> replicas = BarrierGang.run(sc, 2, Duration.ofSeconds(60),
                member -> {
                    HashMap<String, HashMap<String, float[]>> out = new HashMap<>();
                    for (String config : configs) {
                        String[] parts = config.split(" ");
                        out.put(config, new HashMap<>(DataParallelHarness.trainRank(member.collective(),
                                Norm.valueOf(parts[0]), Opt.valueOf(parts[1]), 10, 4)));
                    }
                    return out;
                });
        assertEquals(2, replicas.size());
        for (String config : configs) {
            String[] parts = config.split(" ");
            List<Map<String, float[]>> byRank = new ArrayList<>();
            replicas.forEach(r -> byRank.add(r.get(config)));
            DataParallelHarness.assertBitIdentical(byRank);
            Map<String, float[]> single = DataParallelHarness.trainSingle(Norm.valueOf(parts[0]),
                    Opt.valueOf(parts[1]), 10, 8);
            DataParallelHarness.assertClose(single, byRank.get(0), config);
        }
    }
}
