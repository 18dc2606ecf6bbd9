package dev.cochlea.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the module's CUDA sources (src/main/cuda) and the tools that process them, for the tests. */
final class CudaSources {
    static final Path MODULE = Path.of("").toAbsolutePath();
    static final Path SOURCES = MODULE.resolve("src/main/cuda");
    static final Path PTX = MODULE.resolve("src/main/resources/dev/cochlea/cuda");
    static final Path BUILD_SCRIPT = MODULE.resolve("tools/build-ptx.sh");

    private static final Pattern KERNEL = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\s*\\([^)]*\\)\\s*)?(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(\\d+)\\s*$");

    private CudaSources() {}

    /** A kernel declaration as written: its file's base name, its name and its parameters' C types. */
    record Declaration(String module, String name, List<String> cTypes) {}

    static List<Path> cuFiles() {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }

    static String moduleOf(Path cu) {
        String file = cu.getFileName().toString();
        return file.substring(0, file.length() - ".cu".length());
    }

    /** Every {@code extern "C" __global__} kernel in every .cu file, by name. */
    static Map<String, Declaration> declarations() {
        Map<String, Declaration> all = new LinkedHashMap<>();
        for (Path cu : cuFiles()) {
            Matcher m = KERNEL.matcher(withoutComments(read(cu)));
            while (m.find()) {
                List<String> types = new ArrayList<>();
                for (String param : m.group(2).split(",")) {
                    String p = param.trim();
                    // Drop the parameter's name: the last identifier.
                    types.add(p.replaceAll("\\w+$", "").trim());
                }
                Declaration d = new Declaration(moduleOf(cu), m.group(1), types);
                if (all.put(d.name(), d) != null) {
                    throw new IllegalStateException("kernel " + d.name() + " is declared twice");
                }
            }
        }
        return all;
    }

    /** The integer {@code #define}s of one file, in order. */
    static Map<String, Integer> defines(String file) {
        Map<String, Integer> defines = new LinkedHashMap<>();
        Matcher m = DEFINE.matcher(read(SOURCES.resolve(file)));
        while (m.find()) {
            defines.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return defines;
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
