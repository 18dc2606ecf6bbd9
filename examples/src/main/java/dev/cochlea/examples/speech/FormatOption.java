package dev.cochlea.examples.speech;

import picocli.CommandLine.Option;

/** --format, shared by the commands that read a dataset (train, evaluate and the Spark trainer and benchmark). */
public class FormatOption {
    @Option(
            names = "--format",
            defaultValue = "fsc",
            paramLabel = "FORMAT",
            description = "Dataset layout: fsc, gsc, fsdd or folder (default: ${DEFAULT-VALUE}).")
    DatasetFormat format;

    public DatasetFormat value() {
        return format;
    }
}
