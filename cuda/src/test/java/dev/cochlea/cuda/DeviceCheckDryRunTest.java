package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/device-check.sh --dry-run, as CI runs it: every step up to its first driver call, with this module's test
 * class path (so the probe, the conformance classes, JCuda's natives and the cpu backend are all there). The golden
 * step needs the examples module, built after this one, and may report itself skipped; the PyTorch step compiles its
 * script and runs it on the CPU where PyTorch is installed.
 */
class DeviceCheckDryRunTest {

    @Test
    void everyStepRunsUpToTheDriver(@TempDir Path scratch) throws IOException, InterruptedException {
        // The log stays in target/ for CI to keep.
        Path out = java.nio.file.Files.createDirectories(CudaSources.MODULE.resolve("target/device-check-dry-run"));
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        CudaSources.MODULE.resolve("tools/device-check.sh").toString(),
                        "--dry-run",
                        scratch.resolve("no-pack").toString())
                .redirectErrorStream(true);
        pb.environment().put("DEVICE_CHECK_CLASSPATH", classPath);
        pb.environment().put("OUT", out.toString());
        pb.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
        Process process = pb.start();
        String log = new String(process.getInputStream().readAllBytes());
        int exit = process.waitFor();
        assertEquals(0, exit, "device-check.sh --dry-run failed:\n" + log);
        for (String marker : List.of(
                "DRY RUN OK env",
                "DRY RUN OK jit",
                "DRY RUN OK compare",
                "DRY RUN OK train",
                "DRY RUN OK fault",
                "DRY RUN OK junit: ",
                "done: 0 step(s) failed")) {
            assertTrue(log.contains(marker), "no '" + marker + "' in:\n" + log);
        }
        assertTrue(log.contains("DRY RUN OK junit") && log.contains("CudaTf32ConformanceTest"), log);
        assertTrue(log.contains("DRY RUN OK junit: ") || log.contains("SKIPPED golden"), log);
    }
}
