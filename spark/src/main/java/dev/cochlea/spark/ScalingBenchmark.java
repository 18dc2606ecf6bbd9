package dev.cochlea.spark;

import dev.cochlea.data.Fsdd;
import dev.cochlea.distributed.SingleProcessCollective;
import dev.cochlea.examples.speech.DataOptions.FsddSplit;
import dev.cochlea.examples.speech.SpeechNets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
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
 *
 * <p>Each round also runs N independent workers: the same training on the same executors at the same time, but each
 * a world of one, with no collective between them. Their summed samples/s over one worker's is what this machine
 * gives N separate processes of this workload (shared caches, memory bandwidth, whatever else runs on its cores), the
 * ceiling for the N-worker speed-up; the N-worker run's share of it is what synchronous data parallelism costs. The
 * time per step by phase (load, forward, backward, all-reduce, update) of every rank shows where a difference lies,
 * with the MB each rank's training thread allocated per step and the garbage collections inside its measured steps.
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

    @Option(
            names = "--independent",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Also run N independent workers in each round (no collectives), the machine's own scaling "
                    + "for this workload (default: ${DEFAULT-VALUE}).")
    boolean independent;

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
                measure(sc, workers, qualified, warmupSteps, false);
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
            List<List<RankReport>> independents = new ArrayList<>();
            Map<String, List<List<RankReport>>> byConfiguration = new LinkedHashMap<>();
            for (int round = 0; round < rounds; round++) {
                for (int n : workers == 1 ? new int[] {1} : new int[] {1, workers}) {
                    List<RankReport> ranks = measure(sc, n, qualified, steps, false);
                    RankReport r = ranks.get(0);
                    (n == 1 ? singles : multiples).add(r);
                    byConfiguration
                            .computeIfAbsent(n + " worker(s)", k -> new ArrayList<>())
                            .add(ranks);
                    String speedup = n == 1
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    "   (%.2fx the 1-worker run before)",
                                    r.samplesPerSecond() / singles.get(round).samplesPerSecond());
                    printRow(String.valueOf(n), r.samplesPerSecond(), r, speedup);
                }
                if (workers > 1 && independent) {
                    List<RankReport> ranks = measure(sc, workers, qualified, steps, true);
                    independents.add(ranks);
                    byConfiguration
                            .computeIfAbsent(workers + " independent", k -> new ArrayList<>())
                            .add(ranks);
                    double total = ranks.stream()
                            .mapToDouble(RankReport::samplesPerSecond)
                            .sum();
                    printRow(
                            workers + " indep",
                            total,
                            ranks.get(0),
                            String.format(
                                    Locale.ROOT,
                                    "   (%.2fx the 1-worker run before; no collectives)",
                                    total / singles.get(round).samplesPerSecond()));
                }
            }
            printPhases(byConfiguration);
            if (workers > 1) {
                System.out.println(summary(workers, singles, multiples));
                if (!independents.isEmpty()) {
                    System.out.println(ceiling(workers, singles, multiples, independents));
                }
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

    private static void printRow(String label, double samplesPerSecond, RankReport r, String note) {
        System.out.printf(
                Locale.ROOT,
                "%-8s %12.1f %10.3f %16.1f %9.1f%%%s%n",
                label,
                samplesPerSecond,
                r.stepSeconds() / r.measuredSteps(),
                1000 * r.allReduceSeconds() / r.measuredSteps(),
                100 * r.allReduceShare(),
                note);
    }

    /**
     * Milliseconds per step by phase, pooled over the rounds, for every rank of every configuration, and the MB the
     * training thread allocated per step (reading the batch, and in all): what young collections are made of; then
     * the collections that ran inside the measured steps and their time per step.
     */
    private static void printPhases(Map<String, List<List<RankReport>>> byConfiguration) {
        System.out.printf(
                Locale.ROOT,
                "%-24s %8s %8s %9s %11s %8s %8s %14s %14s%n",
                "ms per step, by phase",
                "load",
                "forward",
                "backward",
                "all-reduce",
                "update",
                "step",
                "MB load/step",
                "GCs (ms/step)");
        for (Map.Entry<String, List<List<RankReport>>> e : byConfiguration.entrySet()) {
            int ranks = e.getValue().get(0).size();
            for (int rank = 0; rank < ranks; rank++) {
                StepPhases sum = StepPhases.NONE;
                int steps = 0;
                long loadBytes = 0;
                long stepBytes = 0;
                long collections = 0;
                long collectionMillis = 0;
                for (List<RankReport> run : e.getValue()) {
                    RankReport report = run.get(rank);
                    sum = sum.plus(report.phases());
                    steps += report.measuredSteps();
                    loadBytes += report.loadBytes();
                    stepBytes += report.stepBytes();
                    collections += report.collections();
                    collectionMillis += report.collectionMillis();
                }
                double ms = 1000.0 / steps;
                System.out.printf(
                        Locale.ROOT,
                        "%-24s %8.1f %8.1f %9.1f %11.1f %8.1f %8.1f %6.2f/%-7.2f %4d (%5.1f)%n",
                        e.getKey() + ", rank " + rank,
                        sum.load() * ms,
                        sum.forward() * ms,
                        sum.backward() * ms,
                        sum.allReduce() * ms,
                        sum.update() * ms,
                        sum.total() * ms,
                        loadBytes / 1e6 / steps,
                        stepBytes / 1e6 / steps,
                        collections,
                        collectionMillis * ms / 1000);
            }
        }
    }

    /**
     * One line with the N independent workers' samples/s (every rank's pooled over the rounds, summed), their ratio to
     * one worker's (the machine's own scaling for this workload) and the share of it the N-worker runs reached.
     */
    static String ceiling(
            int workers, List<RankReport> singles, List<RankReport> multiples, List<List<RankReport>> independents) {
        double total = 0;
        for (int rank = 0; rank < independents.get(0).size(); rank++) {
            int r = rank;
            total += pooledSamplesPerSecond(
                    independents.stream().map(run -> run.get(r)).toList());
        }
        double one = pooledSamplesPerSecond(singles);
        return String.format(
                Locale.ROOT,
                "ceiling: %d independent workers (no collectives) %.1f samples/s, %.2fx one worker; %d workers reached "
                        + "%.0f%% of it",
                workers,
                total,
                total / one,
                workers,
                100 * pooledSamplesPerSecond(multiples) / total);
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

    /**
     * Every rank's report of {@code runSteps} training steps on {@code workers} workers; {@code independent}: each
     * worker trains alone (a world of one, its own output folder) at the same time as the others.
     */
    private List<RankReport> measure(
            JavaSparkContext sc, int workers, String qualifiedData, int runSteps, boolean independent)
            throws Exception {
        Path out = Files.createTempDirectory("cochlea-scaling-");
        try {
            if (!independent) {
                return SparkTrainMain.train(
                        sc, options(workers, qualifiedData, out.toUri().toString(), runSteps));
            }
            List<TrainOptions> perRank = new ArrayList<>();
            for (int r = 0; r < workers; r++) {
                perRank.add(options(
                        1, qualifiedData, out.resolve("rank-" + r).toUri().toString(), runSteps));
            }
            return BarrierGang.run(
                    sc,
                    workers,
                    Duration.ofSeconds(600),
                    member -> new SpeechRankTask(perRank.get(member.rank()))
                            .run(new GangMember(0, 1, member.attempt(), member.cpus(), new SingleProcessCollective())));
        } finally {
            try (Stream<Path> files = Files.walk(out)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private TrainOptions options(int workers, String qualifiedData, String out, int runSteps) {
        return new TrainOptions(
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
                out,
                rank.threads,
                false,
                0,
                runSteps,
                600,
                Map.of(),
                -1,
                -1);
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
