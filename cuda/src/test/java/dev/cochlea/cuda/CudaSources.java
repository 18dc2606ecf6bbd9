package dev.cochlea.cuda;

import dev.cochlea.kernels.sources.KernelSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads the module's CUDA sources (src/main/cuda) and the tools that process them, for the tests. */
final class CudaSources {
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path SOURCES = MODULE.resolve("src/main/cuda");
    static final Path PTX = MODULE.resolve("src/main/resources/dev/cochlea/cuda");
    static final Path BUILD_SCRIPT = MODULE.resolve("tools/build-ptx.sh");

    /** The .cu files, their {@code extern "C" __global__} kernels and op-code defines. */
    static final KernelSources CU = new KernelSources(
            SOURCES,
            ".cu",
            Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\s*\\([^)]*\\)\\s*)?(\\w+)"
                    + "\\s*\\(([^)]*)\\)"));

    private CudaSources() {}

    static List<Path> cuFiles() {
        return CU.files();
    }

    static String moduleOf(Path cu) {
        return CU.baseName(cu);
    }

    /** Every {@code extern "C" __global__} kernel in every .cu file, by name. */
    static Map<String, KernelSources.Declaration> declarations() {
        return CU.declarations();
    }

    /** The path to {@code tool} if it is an executable on the PATH. */
    static Path onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs a command to completion, returning its exit code and combined output. */
    static Process.Result run(List<String> command) {
        try {
            java.lang.Process p =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes());
            return new Process.Result(p.waitFor(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Namespace for the result of {@link #run}. */
    static final class Process {
        private Process() {}

        record Result(int exitCode, String output) {}
    }
}
