package dev.cochlea.opencl;

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

/** Reads the module's OpenCL C sources (the .cl resources) for the tests. */
final class ClSources {
    static final Path SOURCES = Path.of("src/main/resources/dev/cochlea/opencl").toAbsolutePath();

    private static final Pattern KERNEL = Pattern.compile(
            "__kernel\\s+(?:__attribute__\\s*\\(\\(.*?\\)\\)\\s*)?void\\s+(\\w+)\\s*\\(([^)]*)\\)", Pattern.DOTALL);

    private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(\\d+)\\s*$");

    private ClSources() {}

    /** A kernel declaration as written: its file's base name, its name and its parameters' OpenCL C types. */
    record Declaration(String program, String name, List<String> clTypes) {}

    /** Every {@code __kernel} in every .cl file, by name. */
    static Map<String, Declaration> declarations() {
        Map<String, Declaration> all = new LinkedHashMap<>();
        for (Path cl : clFiles()) {
            String file = cl.getFileName().toString();
            String program = file.substring(0, file.length() - ".cl".length());
            Matcher m = KERNEL.matcher(withoutComments(read(cl)));
            while (m.find()) {
                List<String> types = new ArrayList<>();
                for (String param : m.group(2).split(",")) {
                    // Drop the parameter's name: the last identifier.
                    types.add(param.trim().replaceAll("\\w+$", "").trim());
                }
                Declaration d = new Declaration(program, m.group(1), types);
                if (all.put(d.name(), d) != null) {
                    throw new IllegalStateException("kernel " + d.name() + " is declared twice");
                }
            }
        }
        return all;
    }

    /** The integer {@code #define}s of one .cl file (the op codes), by name. */
    static Map<String, Integer> defines(String file) {
        Map<String, Integer> defines = new LinkedHashMap<>();
        Matcher m = DEFINE.matcher(read(SOURCES.resolve(file)));
        while (m.find()) {
            defines.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return defines;
    }

    private static List<Path> clFiles() {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".cl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ");
    }
}
