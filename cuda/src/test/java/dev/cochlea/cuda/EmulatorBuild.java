package dev.cochlea.cuda;

import dev.cochlea.kernels.catalog.KernelParam;
import dev.cochlea.kernels.sources.KernelSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Builds the CUDA emulator (src/test/cpp/emulator) once per JVM: the real .cu kernels compiled as host C++ with
 * g++, plus a dispatch table generated here from their declarations. Without g++ there is no emulator, and the
 * reason says so.
 */
final class EmulatorBuild {
    private static final Path EMULATOR_SOURCES = CudaSources.MODULE.resolve("src/test/cpp/emulator");
    private static Path binary;
    private static String failure;

    private EmulatorBuild() {}

    /** The emulator executable, or null with {@link #failure()} saying why. */
    static synchronized Path binary() {
        if (binary == null && failure == null) {
            build();
        }
        return binary;
    }

    static synchronized String failure() {
        return failure;
    }

    private static void build() {
        Path gpp = CudaSources.onPath("g++");
        if (gpp == null) {
            failure = "g++ is not on the PATH: cannot build the CUDA emulator";
            return;
        }
        try {
            Path dir = Files.createTempDirectory("cochlea-cuda-emulator");
            dir.toFile().deleteOnExit();
            Files.writeString(dir.resolve("dispatch.inc"), dispatchTable());
            Path out = dir.resolve("emulator");
            CudaSources.Process.Result result = CudaSources.run(List.of(
                    gpp.toString(),
                    "-std=c++17",
                    "-O2",
                    "-pthread",
                    "-w",
                    "-x",
                    "c++",
                    "-I" + dir,
                    "-I" + EMULATOR_SOURCES,
                    "-I" + CudaSources.SOURCES,
                    EMULATOR_SOURCES.resolve("emulator_main.cpp").toString(),
                    "-o",
                    out.toString()));
            if (result.exitCode() != 0) {
                failure = "the CUDA emulator does not compile:\n" + result.output();
                return;
            }
            out.toFile().deleteOnExit();
            binary = out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One {@code if} per kernel that calls it with its arguments cast to the declared C types. */
    static String dispatchTable() {
        StringBuilder table = new StringBuilder();
        for (KernelSources.Declaration d : CudaSources.declarations().values()) {
            String args = IntStream.range(0, d.types().size())
                    .mapToObj(i -> argument(d.types().get(i), i))
                    .collect(Collectors.joining(", "));
            table.append("if (name == \"")
                    .append(d.name())
                    .append("\") { pool().run(grid, [&] { ")
                    .append(d.name())
                    .append('(')
                    .append(args)
                    .append("); }); return \"\"; }\n");
        }
        return table.toString();
    }

    private static String argument(String cType, int i) {
        return switch (KernelParam.parse(ParamType.class, cType)) {
            case F32_PTR, I32_PTR, WORD_PTR, F64_PTR -> "(" + cType + ") a[" + i + "].p";
            case I32 -> "a[" + i + "].i";
            case I64 -> "a[" + i + "].l";
            case U64 -> "(unsigned long long) a[" + i + "].l";
            case F32 -> "a[" + i + "].f";
            case SHAPE8 -> "a[" + i + "].s";
        };
    }
}
