package dev.cochlea.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Settings that let {@code --master local-cluster[N,cores,MB]} (a standalone master and N workers inside the driver,
 * each starting separate executor JVMs) run from jars Maven resolved, without a Spark distribution. A worker builds
 * the executor command from SPARK_HOME: Spark 4 requires {@code $SPARK_HOME/jars} to exist (it may be empty) and, if
 * {@code SPARK_SCALA_VERSION} is unset, a source tree's {@code launcher/target/scala-2.13}. So: SPARK_HOME must point
 * at a folder (created here with an empty jars/), the executors get the driver's class path through
 * {@code spark.executor.extraClassPath}, and the Scala version through the executor environment.
 */
public final class LocalCluster {
    private static final Pattern MASTER =
            Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]");

    private LocalCluster() {}

    public static boolean isLocalCluster(String master) {
        return master != null && master.startsWith("local-cluster");
    }

    /** N of local-cluster[N,cores,MB]. */
    public static int workers(String master) {
        Matcher m = MASTER.matcher(master);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a local-cluster[N,cores,MB] master: " + master);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Waits until {@code executors} executors have registered with {@code sc}: executor JVMs start seconds after the
     * driver, and a barrier stage submitted before they are up only polls for free slots.
     */
    public static void awaitExecutors(JavaSparkContext sc, int executors, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // The status tracker lists the driver too.
        while (sc.sc().statusTracker().getExecutorInfos().length - 1 < executors) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "only " + (sc.sc().statusTracker().getExecutorInfos().length - 1) + " of " + executors
                                + " executors registered within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    /** Adds the executor class path and environment to {@code conf}; fails with a hint when SPARK_HOME is unset. */
    public static SparkConf configure(SparkConf conf) throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("local-cluster masters start executors from $SPARK_HOME: set SPARK_HOME "
                    + "to a Spark distribution or to any writable folder (spark/bin/cochlea-spark-train does)");
        }
        Files.createDirectories(Path.of(home, "jars"));
        String master = conf.get("spark.master", "");
        Matcher m = MASTER.matcher(master);
        if (m.matches()) {
            // An executor may use all of its worker's memory (Spark's default is 1 GiB whatever the worker has).
            conf.setIfMissing("spark.executor.memory", m.group(3) + "m");
            // The executor JVMs share this machine: one with `cores` cores must size its garbage collector and JIT
            // compiler threads for those cores, not for every core of the machine, or a one-worker run borrows the
            // idle cores of the others (and N workers' background threads compete with each other's training).
            // The throughput collector: training allocates little per step and needs no short pauses. Prepended to
            // spark.executor.extraJavaOptions, so the user's options there still win.
            conf.setIfMissing(
                    "spark.executor.defaultJavaOptions",
                    "-XX:ActiveProcessorCount=" + m.group(2) + " -XX:+UseParallelGC");
        }
        return conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                .setIfMissing("spark.driver.host", "127.0.0.1")
                .setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                .setIfMissing("spark.ui.enabled", "false")
                // Executor JVMs start after the driver: re-check for free barrier slots every second, for 10 minutes.
                .setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.interval", "1s")
                .setIfMissing("spark.scheduler.barrier.maxConcurrentTasksCheck.maxFailures", "600")
                // Workers write executor logs under $SPARK_HOME/work; keep them out of the way.
                .setIfMissing("spark.worker.cleanup.enabled", "false")
                .setIfMissing("spark.local.dir", new File(home, "local").getAbsolutePath());
    }
}
