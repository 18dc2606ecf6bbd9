package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed PTX is what tools/build-ptx.sh makes from the committed .cu sources today. Needs nvcc on the PATH,
 * and the same CUDA release that built the committed files (another release emits different, equally valid PTX).
 */
class PtxFreshnessTest {
    private static final Pattern RELEASE = Pattern.compile("release (\\d+\\.\\d+), V([\\d.]+)");

    @Test
    void committedPtxMatchesTheSources(@TempDir Path out) throws IOException {
        Path nvcc = CudaSources.onPath("nvcc");
        assumeTrue(nvcc != null, "nvcc is not on the PATH: cannot rebuild the PTX to compare");
        String committedBy = release(Files.readString(CudaSources.PTX.resolve("elementwise.ptx")));
        String installed =
                release(CudaSources.run(List.of(nvcc.toString(), "--version")).output());
        assumeTrue(
                committedBy.equals(installed),
                "the committed PTX was built by CUDA " + committedBy + " but nvcc on the PATH is " + installed);

        // PTXAS=true: assembly is PtxAssemblyTest's job; here only the text matters.
        CudaSources.Process.Result build = CudaSources.run(
                List.of("env", "PTX_OUT=" + out, "PTXAS=true", "bash", CudaSources.BUILD_SCRIPT.toString()));
        assertEquals(0, build.exitCode(), "tools/build-ptx.sh failed:\n" + build.output());
        for (Path cu : CudaSources.cuFiles()) {
            String name = CudaSources.moduleOf(cu) + ".ptx";
            Path committed = CudaSources.PTX.resolve(name);
            assertTrue(Files.exists(committed), name + " is not committed; run tools/build-ptx.sh");
            assertArrayEquals(
                    Files.readAllBytes(out.resolve(name)),
                    Files.readAllBytes(committed),
                    name + " is stale: run cuda/tools/build-ptx.sh and commit the result");
        }
        try (var committed = Files.list(CudaSources.PTX)) {
            assertEquals(
                    CudaSources.cuFiles().size(),
                    committed.filter(p -> p.toString().endsWith(".ptx")).count(),
                    "a committed .ptx has no .cu source");
        }
    }

    /** "13.0 (V13.0.88)" from nvcc's banner, which also heads every PTX file it writes. */
    private static String release(String text) {
        Matcher m = RELEASE.matcher(text);
        return m.find() ? m.group(1) + " (V" + m.group(2) + ")" : "unknown";
    }
}
