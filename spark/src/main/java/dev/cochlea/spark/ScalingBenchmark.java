package dev.cochlea.spark;

import dev.cochlea.data.Fsdd;
import dev.cochlea.examples.speech.DataOptions.FsddSplit;
import dev.cochlea.examples.speech.SpeechNets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Throughput of 1 worker against N workers in one session on the same local cluster (so both see the same machine),
 * training the speech model for a fixed number of steps at a fixed batch per worker: samples per second over all
 * workers, seconds per step and the share of the step spent in the gradient all-reduce, then one summary line. Run it
 * with {@code COCHLEA_SPARK_MAIN=dev.cochlea.spark.ScalingBenchmark spark/bin/cochlea-spark-train ...}.
 *
 * <p>Both configurations are timed alike: an unmeasured run on all N executors first compiles the training code in
 * every executor JVM (otherwise the first N-worker run pays the JIT of the executors the 1-worker run did not use),
 * each run leaves out its first two steps, and by default each worker reads its batches on its training thread, so
 * that decoding and resampling count inside the worker's one core: a background loader thread would let the 1-worker
 * baseline use the idle second core while N workers' loaders compete with each other's training.
 */
@Command(
        name = "scaling-benchmark",
        mixinStandardHelpOptions = true,
        description = "Samples/s of 1 worker and of N workers on local-cluster[N,1,MB].")
public final class ScalingBenchmark implements Callable<Integer> {
    @Option(names = "--master", defaultValue = "local-cluster[2,1,3072]", description = "A local-cluster master.")
    String master;

    @Mixin
    RankOptions rank = new RankOptions();

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
            description = "Steps per run; the first two are not measured (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(
            names = "--warmup-steps",
            defaultValue = "10",
            description = "Steps of an unmeasured run on all N workers before the rounds, so that every executor "
                    + "JVM has compiled the training code before either configuration is timed (default: "
                    + "${DEFAULT-VALUE}; 0: none).")
    int warmupSteps;

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
            String qualified = RankOptions.qualify(rank.data, sc.hadoopConfiguration());
            if (warmupSteps > 0) {
                measure(sc, workers, qualified, warmupSteps);
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-8s %12s %10s %16s %10s%n",
                    "workers",
                    "samples/s",
                    "s/step",
                    "all-reduce ms",
                    "share");
            List<RankReport> singles = new ArrayList<>();
            List<RankReport> multiples = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (int n : workers == 1 ? new int[] {1} : new int[] {1, workers}) {
                    RankReport r = measure(sc, n, qualified, steps);
                    (n == 1 ? singles : multiples).add(r);
                    String speedup = n == 1
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "   (%.2fx the 1-worker run before)",
                                    r.samplesPerSecond() / singles.get(round).samplesPerSecond());
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
                System.out.println(summary(workers, singles, multiples));
                ringBenchmark(sc, workers);
            }
        }
        return 0;
    }

    /**
     * One line with what the issue asks for: both configurations' samples/s over all rounds (total samples over total
     * measured time), their ratio, and the N-worker runs' gradient all-reduce per step and share of the step.
     */
    static String summary(int workers, List<RankReport> singles, List<RankReport> multiples) {
        double one = pooledSamplesPerSecond(singles);
        double many = pooledSamplesPerSecond(multiples);
        double steps = 0;
        double stepSeconds = 0;
        double allReduceSeconds = 0;
        for (RankReport r : multiples) {
            steps += r.measuredSteps();
            stepSeconds += r.stepSeconds();
            allReduceSeconds += r.allReduceSeconds();
        }
        return String.format(
                Locale.ROOT,
                "summary: 1 worker %.1f samples/s, %d workers %.1f samples/s, speed-up %.2fx; all-reduce %.1f ms per "
                        + "step, %.1f%% of the step (%d workers, rank 0, %d rounds)",
                one,
                workers,
                many,
                many / one,
                1000 * allReduceSeconds / steps,
                100 * allReduceSeconds / stepSeconds,
                workers,
                multiples.size());
    }

    /** Samples over seconds summed over the runs, so that each run weighs by its measured time. */
    private static double pooledSamplesPerSecond(List<RankReport> runs) {
        double samples = 0;
        double seconds = 0;
        for (RankReport r : runs) {
            samples += r.samplesPerSecond() * r.stepSeconds();
            seconds += r.stepSeconds();
        }
        return samples / seconds;
    }

    /** Rank 0's report of {@code runSteps} training steps on {@code workers} workers. */
    private RankReport measure(JavaSparkContext sc, int workers, String qualifiedData, int runSteps) throws Exception {
        Path out = Files.createTempDirectory("cochlea-scaling-");
        TrainOptions options = new TrainOptions(
                workers,
                qualifiedData,
                rank.format.value(),
                FsddSplit.OFFICIAL,
                Fsdd.DEFAULT_TRAIN_SPEAKERS,
                Fsdd.DEFAULT_TEST_SPEAKERS,
                false,
                rank.model.kind(),
                SpeechNets.SEED_INPUT_LENGTH,
                1,
                rank.batchSize,
                1e-3f,
                false,
                0,
                out.toUri().toString(),
                rank.threads,
                false,
                0,
                runSteps,
                600,
                Map.of(),
                -1,
                -1);
        try {
            return SparkTrainMain.train(sc, options).get(0);
        } finally {
            try (Stream<Path> files = Files.walk(out)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
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
