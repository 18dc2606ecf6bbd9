package dev.cochlea.spark;

import dev.cochlea.data.Fsdd;
import dev.cochlea.examples.speech.DataOptions.FsddSplit;
import dev.cochlea.examples.speech.DatasetFormat;
import dev.cochlea.examples.speech.ModelKind;
import dev.cochlea.examples.speech.SpeechNets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of 1 worker against N workers in one session on the same local cluster (so both see the same machine),
 * training the speech model for a fixed number of steps at a fixed batch per worker: samples per second over all
 * workers, seconds per step and the share of the step spent in the gradient all-reduce. Run it with
 * {@code COCHLEA_SPARK_MAIN=dev.cochlea.spark.ScalingBenchmark spark/bin/cochlea-spark-train ...}.
 */
@Command(
        name = "scaling-benchmark",
        mixinStandardHelpOptions = true,
        description = "Samples/s of 1 worker and of N workers on local-cluster[N,1,MB].")
public final class ScalingBenchmark implements Callable<Integer> {
    @Option(names = "--master", defaultValue = "local-cluster[2,1,3072]", description = "A local-cluster master.")
    String master;

    @Option(names = "--data", required = true, description = "Dataset folder.")
    String data;

    @Option(names = "--format", defaultValue = "fsdd", description = "Dataset layout (default: ${DEFAULT-VALUE}).")
    DatasetFormat format;

    @Option(names = "--model", defaultValue = "seed", description = "seed or mel (default: ${DEFAULT-VALUE}).")
    ModelKind model;

    @Option(names = "--batch-size", defaultValue = "32", description = "Batch per worker (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--ring-sizes",
            split = ",",
            defaultValue = "273866,1048576",
            description = "Floats per "
                    + "all-reduce in the ring benchmark between the executors (default: the seed network's gradient for 10 "
                    + "classes, and 1 M).")
    int[] ringSizes;

    @Option(
            names = "--rounds",
            defaultValue = "2",
            description = "Rounds of (1 worker, N workers), interleaved so "
                    + "that a change in the machine's load shows up as a difference between rounds (default: "
                    + "${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--steps",
            defaultValue = "12",
            description = "Steps per run; the first two are not measured " + "(default: ${DEFAULT-VALUE}).")
    int steps;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScalingBenchmark())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SparkConf conf = LocalCluster.configure(
                new SparkConf().setAppName("cochlea-scaling").setMaster(master));
        int workers = LocalCluster.workers(master);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            LocalCluster.awaitExecutors(sc, workers, Duration.ofMinutes(10));
            String qualified = new Path(data)
                    .getFileSystem(sc.hadoopConfiguration())
                    .makeQualified(new Path(data))
                    .toString();
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %12s %10s %16s %10s%n",
                    "workers",
                    "samples/s",
                    "s/step",
                    "all-reduce ms",
                    "share");
            double single = 0;
            for (int round = 0; round < rounds; round++) {
                for (int n : workers == 1 ? new int[] {1} : new int[] {1, workers}) {
                    RankReport r = measure(sc, n, qualified);
                    single = n == 1 ? r.samplesPerSecond() : single;
                    String speedup = n == 1
                            ? ""
                            : String.format(
                                    Locale.ROOT, "   (%.2fx the 1-worker run before)", r.samplesPerSecond() / single);
                    System.out.printf(
                            Locale.ROOT,
                            "%-8d %12.1f %10.3f %16.1f %9.1f%%%s%n",
                            n,
                            r.samplesPerSecond(),
                            r.stepSeconds() / r.measuredSteps(),
                            1000 * r.allReduceSeconds() / r.measuredSteps(),
                            100 * r.allReduceShare(),
                            speedup);
                }
            }
            if (workers > 1) {
                ringBenchmark(sc, workers);
            }
        }
        return 0;
    }

    /** Rank 0's report of {@code steps} training steps on {@code workers} workers. */
    private RankReport measure(JavaSparkContext sc, int workers, String qualifiedData) throws Exception {
        java.nio.file.Path out = Files.createTempDirectory("cochlea-scaling-");
        TrainOptions options = new TrainOptions(
                workers,
                qualifiedData,
                format,
                FsddSplit.OFFICIAL,
                Fsdd.DEFAULT_TRAIN_SPEAKERS,
                Fsdd.DEFAULT_TEST_SPEAKERS,
                false,
                model,
                SpeechNets.SEED_INPUT_LENGTH,
                1,
                batchSize,
                1e-3f,
                false,
                0,
                out.toUri().toString(),
                1,
                false,
                0,
                steps,
                600,
                Map.of(),
                -1,
                -1);
        return SparkTrainMain.train(sc, options).get(0);
    }

    /** Milliseconds per all-reduce between the executors, after a barrier, the median of 20 after 3 warm-ups. */
    private void ringBenchmark(JavaSparkContext sc, int workers) {
        int[] sizes = ringSizes.clone();
        List<double[]> perRank = BarrierGang.run(sc, workers, Duration.ofMinutes(2), member -> {
            double[] medians = new double[sizes.length];
            for (int s = 0; s < sizes.length; s++) {
                float[] data = new float[sizes[s]];
                double[] times = new double[20];
                for (int i = -3; i < times.length; i++) {
                    member.collective().barrier();
                    long start = System.nanoTime();
                    member.collective().allReduceSum(data);
                    if (i >= 0) {
                        times[i] = (System.nanoTime() - start) / 1e6;
                    }
                }
                java.util.Arrays.sort(times);
                medians[s] = times[times.length / 2];
            }
            return medians;
        });
        for (int s = 0; s < sizes.length; s++) {
            System.out.printf(
                    Locale.ROOT,
                    "ring all-reduce of %,d floats (%.2f MB) between %d executors: %.2f ms "
                            + "(median of 20, rank 0)%n",
                    sizes[s],
                    sizes[s] * 4 / 1e6,
                    workers,
                    perRank.get(0)[s]);
        }
    }
}
