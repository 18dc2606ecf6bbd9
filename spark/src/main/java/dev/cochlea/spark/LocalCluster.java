package dev.cochlea.spark;

import org.apache.spark.SparkConf;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Settings that let {@code --master local-cluster[N,cores,MB]} (a standalone master and N workers inside the driver,
 * each starting separate executor JVMs) run from jars Maven resolved, without a Spark distribution. A worker builds
 * the executor command from SPARK_HOME: Spark 4 requires {@code $SPARK_HOME/jars} to exist (it may be empty) and, if
 * {@code SPARK_SCALA_VERSION} is unset, a source tree's {@code launcher/target/scala-2.13}. So: SPARK_HOME must point
 * at a folder (created here with an empty jars/), the executors get the driver's class path through
 * {@code spark.executor.extraClassPath}, and the Scala version through the executor environment.
 */
public final class LocalCluster {
    private LocalCluster() {
    }

    public static boolean isLocalCluster(String master) {
        return master != null && master.startsWith("local-cluster");
    }

    /** Adds the executor class path and environment to {@code conf}; fails with a hint when SPARK_HOME is unset. */
    public static SparkConf configure(SparkConf conf) throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("local-cluster masters start executors from $SPARK_HOME: set SPARK_HOME "
                    + "to a Spark distribution or to any writable folder (spark/bin/cochlea-spark-train does)");
        }
        Files.createDirectories(Path.of(home, "jars"));
        return conf.set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executorEnv.SPARK_SCALA_VERSION", "2.13")
                .setIfMissing("spark.driver.host", "127.0.0.1")
                .setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                .setIfMissing("spark.ui.enabled", "false")
                // Workers write executor logs under $SPARK_HOME/work; keep them out of the way.
                .setIfMissing("spark.worker.cleanup.enabled", "false")
                .setIfMissing("spark.local.dir", new File(home, "local").getAbsolutePath());
    }
}
