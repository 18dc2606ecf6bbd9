package dev.cochlea.spark;

import dev.cochlea.examples.speech.FormatOption;
import dev.cochlea.examples.speech.ModelKindOption;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The command-line options of what each rank trains on, shared by {@link SparkTrainMain} and the benchmark. */
public final class RankOptions {
    @Option(
            names = "--data",
            required = true,
            paramLabel = "URI",
            description =
                    "Dataset folder: a local path or a Hadoop URI (hdfs://, s3a://, ...) every executor can read.")
    String data;

    @Mixin
    FormatOption format = new FormatOption();

    @Mixin
    ModelKindOption model = new ModelKindOption();

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            description = "Batch size per worker; the global batch is this times the workers (default: "
                    + "${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description = "Data loader threads per worker besides its training thread (default: ${DEFAULT-VALUE}: "
                    + "batches are read on the training thread, so a worker uses only the spark.task.cpus cores "
                    + "Spark gave it, and their reading counts in the step's time).")
    int threads;

    /**
     * {@code path} as executors in other folders must see it: qualified against the default file system of
     * {@code hadoopConf}, as Hadoop would.
     */
    static String qualify(String path, Configuration hadoopConf) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(hadoopConf).makeQualified(p).toString();
    }
}
