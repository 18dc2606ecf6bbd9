package dev.cochlea.examples.speech;

import dev.cochlea.data.DatasetSplits;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The dataset options shared by train and evaluate. */
public class DataOptions {
    /** FSDD's two splits. */
    public enum FsddSplit {
        OFFICIAL,
        SPEAKER
    }

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "Dataset folder.")
    Path data;

    @Mixin
    FormatOption format;

    @Mixin
    SplitOptions splits;

    public DatasetSplits read() throws IOException {
        return splits.layout(format.value()).read(data);
    }
}
