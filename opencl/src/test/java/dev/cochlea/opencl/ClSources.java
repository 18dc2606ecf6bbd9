package dev.cochlea.opencl;

import dev.cochlea.kernels.sources.KernelSources;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The module's OpenCL C sources (the .cl resources), as the tests read them. */
final class ClSources {
    static final Path SOURCES = Path.of("src/main/resources/dev/cochlea/opencl").toAbsolutePath();

    /** The .cl files, their {@code __kernel} functions and op-code defines. */
    static final KernelSources CL = new KernelSources(
            SOURCES,
            ".cl",
            Pattern.compile(
                    "__kernel\\s+(?:__attribute__\\s*\\(\\(.*?\\)\\)\\s*)?void\\s+(\\w+)\\s*\\(([^)]*)\\)",
                    Pattern.DOTALL));

    private ClSources() {}
}
