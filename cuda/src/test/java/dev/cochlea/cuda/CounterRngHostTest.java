package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cochlea.kernels.CounterRng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dropout kernel's generator (counter_rng.cuh) is the Java CounterRng bit for bit. Without a GPU we compile the
 * header's host path with nvcc and run it on the CPU; the device path is the same source line for line.
 */
class CounterRngHostTest {
    private static final long[] SEEDS = {0L, 1L, 42L, -1L, 0x123456789ABCDEFL, Long.MIN_VALUE, 7_777_777_777L};
    private static final long[] INDICES = {0L, 1L, 2L, 1000L, 123_456_789L, 4_000_000_000L, (1L << 40) + 3};

    @Test
    void hostBuildOfTheKernelGeneratorMatchesJava(@TempDir Path dir) throws IOException {
        Path nvcc = CudaSources.onPath("nvcc");
        assumeTrue(nvcc != null, "nvcc is not on the PATH: cannot build the generator for the host");
        Path source = dir.resolve("rng.cu");
        Files.writeString(source, """
                #include <cstdio>
                #include <cstdlib>
                #include "counter_rng.cuh"
                int main(int argc, char** argv) {
                    for (int i = 1; i + 1 < argc; i += 2) {
                        unsigned long long seed = strtoull(argv[i], nullptr, 10);
                        unsigned long long index = strtoull(argv[i + 1], nullptr, 10);
                        printf("%a\\n", counter_uniform(seed, index));
                    }
                    return 0;
                }
                """);
        Path binary = dir.resolve("rng");
        CudaSources.Process.Result build = CudaSources.run(
                List.of(nvcc.toString(), "-I" + CudaSources.SOURCES, source.toString(), "-o", binary.toString()));
        assumeTrue(
                build.exitCode() == 0,
                "nvcc cannot build host programs here (no host compiler?): "
                        + build.output().lines().findFirst().orElse(""));

        List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
        for (long seed : SEEDS) {
            for (long index : INDICES) {
                command.add(Long.toUnsignedString(seed));
                command.add(Long.toUnsignedString(index));
            }
        }
        CudaSources.Process.Result run = CudaSources.run(command);
        assertEquals(0, run.exitCode(), run.output());
        List<String> lines = run.output().lines().toList();
        int line = 0;
        for (long seed : SEEDS) {
            for (long index : INDICES) {
                float expected = CounterRng.uniform(seed, index);
                float actual = Float.parseFloat(lines.get(line++));
                assertEquals(expected, actual, 0f, "seed " + seed + " index " + index);
            }
        }
    }
}
