package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each way the backend can fail to start maps to one short, clear line. */
class StartupFailuresTest {

    @Test
    void missingDriverLibraryIsNamed() {
        // JCuda's message when libcuda.so.1 is absent: many lines with nested stack traces.
        UnsatisfiedLinkError e = new UnsatisfiedLinkError(
                "Error while loading native library \"JCudaDriver-12.0.0-"
                        + "linux-x86_64\"\nOperating system name: Linux\n---(start of nested stack traces)---\n"
                        + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.0.0-linux-x86_64.so: libcuda.so.1: cannot "
                        + "open shared object file: No such file or directory\n\tat jcuda.LibUtils.loadLibrary(LibUtils.java:183)");
        assertEquals("no NVIDIA driver: libcuda.so.1 not found", StartupFailures.describe(e));
        // The second attempt in the same JVM sees only NoClassDefFoundError, whose cause chain still says why.
        NoClassDefFoundError again = new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
        again.initCause(new ExceptionInInitializerError("Exception " + e.getMessage()));
        assertEquals("no NVIDIA driver: libcuda.so.1 not found", StartupFailures.describe(again));
    }

    @Test
    void otherLinkErrorsKeepTheirFirstLine() {
        String reason = StartupFailures.describe(new UnsatisfiedLinkError(
                "Error while loading native library \"JCudaDriver-12.0.0-apple-aarch64\"\nOperating system: Mac"));
        assertEquals(
                "JCuda's native library could not be loaded: Error while loading native library "
                        + "\"JCudaDriver-12.0.0-apple-aarch64\"",
                reason);
    }

    @Test
    void missingClassesAreNamed() {
        String reason = StartupFailures.describe(new NoClassDefFoundError("jcuda/driver/JCudaDriver"));
        assertEquals(
                "JCuda is missing or failed to initialise: NoClassDefFoundError: jcuda/driver/JCudaDriver", reason);
    }

    @Test
    void anythingElseIsOneBoundedLine() {
        String reason =
                StartupFailures.describe(new IllegalStateException("a  b\tc " + "x".repeat(1000) + "\nsecond line"));
        assertTrue(reason.startsWith("CUDA failed to start: IllegalStateException: a b c xxx"), reason);
        assertFalse(reason.contains("\n"));
        assertTrue(reason.length() <= 240);
        assertEquals(
                "CUDA failed to start: RuntimeException: (no message)",
                StartupFailures.describe(new RuntimeException()));
    }
}
