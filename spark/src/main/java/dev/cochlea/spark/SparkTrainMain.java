package dev.cochlea.spark;

import dev.cochlea.examples.speech.DatasetLayout;
import dev.cochlea.examples.speech.InputLengthOption;
import dev.cochlea.examples.speech.ScheduleOptions;
import dev.cochlea.examples.speech.SplitOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import scala.Tuple2;

/**
 * The spark-submit main class: trains the speech example's model data-parallel on {@code --workers} Spark tasks (one
 * rank each, {@code spark.task.cpus} cochlea threads each) and writes the speech example's outputs to {@code --out}.
 *
 * <pre>
 * spark-submit --class dev.cochlea.spark.SparkTrainMain --conf spark.task.cpus=4 cochlea-spark-all.jar \
 *     --workers 8 --data hdfs:///corpora/fsdd --format fsdd --split official --out hdfs:///runs/fsdd
 * </pre>
 */
@Command(
        name = "cochlea-spark-train",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Train a speech model data-parallel on a Spark cluster; writes checkpoints, labels.txt, "
                + "run.json and metrics.csv to --out (any Hadoop file system every executor can reach).")
public final class SparkTrainMain implements Callable<Integer> {
    @Option(
            names = "--workers",
            required = true,
            description = "Ranks: Spark tasks scheduled together, one per "
                    + "executor core group (each needs spark.task.cpus cores free at once).")
    int workers;

    @Option(
            names = "--master",
            description = "Spark master when not run by spark-submit (e.g. "
                    + "'local-cluster[2,1,3072]': two executor JVMs on this machine).")
    String master;

    @Mixin
    RankOptions rank = new RankOptions();

    @Mixin
    SplitOptions splits = new SplitOptions();

    @Mixin
    ScheduleOptions schedule = new ScheduleOptions();

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "URI",
            description = "Output folder on storage every "
                    + "executor and the driver can reach; a run there is resumed from its newest checkpoint.")
    String out;

    @Option(
            names = "--sync-batch-norm",
            description = "Synchronise BatchNorm statistics over all workers "
                    + "(SyncBatchNorm1d); default: each worker normalises with its own batch, as PyTorch DDP.")
    boolean syncBatchNorm;

    @Option(
            names = "--checkpoint-every",
            defaultValue = "100",
            paramLabel = "STEPS",
            description = "Steps between checkpoints, besides "
                    + "the one at each epoch's end (0: epochs only; default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(
            names = "--max-steps",
            defaultValue = "0",
            paramLabel = "STEPS",
            description = "Stop after this many steps (0: no limit).")
    long maxSteps;

    @Option(
            names = "--timeout",
            defaultValue = "300",
            paramLabel = "SECONDS",
            description = "Seconds without progress after which a "
                    + "collective fails, so that Spark re-runs the gang (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Mixin
    InputLengthOption inputLength = new InputLengthOption();

    @Option(
            names = "--fault-drill",
            hidden = true,
            paramLabel = "RANK:STEP",
            description = "Halt RANK's executor at " + "STEP on the first attempt, to exercise recovery.")
    String faultDrill;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SparkTrainMain())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SparkConf conf = new SparkConf().setAppName("cochlea-spark-train").setIfMissing("spark.task.cpus", "1");
        if (master != null) {
            conf.setMaster(master);
        }
        String resolvedMaster = conf.get("spark.master", "");
        boolean local = LocalCluster.isLocalCluster(resolvedMaster);
        if (local) {
            LocalCluster.configure(conf);
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            TrainOptions options = options(sc.hadoopConfiguration(), hadoopSettings(conf));
            if (local) {
                LocalCluster.awaitExecutors(sc, LocalCluster.workers(resolvedMaster), Duration.ofMinutes(10));
            }
            List<RankReport> reports = train(sc, options);
            print(reports);
        }
        return 0;
    }

    /** Runs the training gang on {@code sc} and returns each rank's report (of the attempt that finished). */
    public static List<RankReport> train(JavaSparkContext sc, TrainOptions options) {
        return BarrierGang.run(
                sc, options.workers(), Duration.ofSeconds(options.timeoutSeconds()), new SpeechRankTask(options));
    }

    TrainOptions options(Configuration hadoopConf, Map<String, String> hadoop) throws IOException {
        String qualifiedData = RankOptions.qualify(rank.data, hadoopConf);
        org.apache.hadoop.fs.Path dataPath = new org.apache.hadoop.fs.Path(qualifiedData);
        if (!dataPath.getFileSystem(hadoopConf).exists(dataPath)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--data " + qualifiedData + ": no such folder");
        }
        String qualifiedOut = RankOptions.qualify(out, hadoopConf);
        int killRank = -1;
        long killStep = -1;
        if (faultDrill != null) {
            String[] parts = faultDrill.split(":");
            killRank = Integer.parseInt(parts[0]);
            killStep = Long.parseLong(parts[1]);
        }
        DatasetLayout layout = splits.layout(rank.format.value());
        return new TrainOptions(
                workers,
                qualifiedData,
                layout.format(),
                layout.split(),
                layout.trainSpeakers(),
                layout.testSpeakers(),
                layout.intent(),
                rank.model.kind(),
                inputLength.orSeedLength(),
                schedule.epochs,
                rank.batchSize,
                lr,
                schedule.cosine,
                schedule.seed,
                qualifiedOut,
                rank.threads,
                syncBatchNorm,
                checkpointEvery,
                maxSteps,
                timeoutSeconds,
                hadoop,
                killRank,
                killStep);
    }

    /** The job's spark.hadoop.* settings without the prefix, as Spark itself hands them to Hadoop. */
    static Map<String, String> hadoopSettings(SparkConf conf) {
        Map<String, String> out = new HashMap<>();
        for (Tuple2<String, String> entry : conf.getAllWithPrefix("spark.hadoop.")) {
            out.put(entry._1(), entry._2());
        }
        return out;
    }

    private static void print(List<RankReport> reports) {
        RankReport first = reports.get(0);
        System.out.printf(
                Locale.ROOT,
                "%d worker(s), attempt %d, steps %d..%d%n",
                reports.size(),
                first.attempt(),
                first.startStep(),
                first.startStep() + first.steps());
        for (RankReport r : reports) {
            System.out.printf(
                    Locale.ROOT,
                    "  rank %d: %d measured steps, %.3f s/step, all-reduce %.1f ms/step " + "(%.1f%% of the step)%n",
                    r.rank(),
                    r.measuredSteps(),
                    r.measuredSteps() > 0 ? r.stepSeconds() / r.measuredSteps() : 0,
                    r.measuredSteps() > 0 ? 1000 * r.allReduceSeconds() / r.measuredSteps() : 0,
                    100 * r.allReduceShare());
        }
        System.out.printf(
                Locale.ROOT,
                "throughput %.1f samples/s; held-out accuracy %.2f%%%n",
                first.samplesPerSecond(),
                100 * first.lastEvalAccuracy());
    }
}
