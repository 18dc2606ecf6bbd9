package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoclSignalGuardTest {
    @TempDir
    Path vendors;

    @Test
    void aPoclRegistryWithoutTheVariableIsRefusedWithTheFix() throws IOException {
        Files.writeString(vendors.resolve("pocl.icd"), "libpocl.so.2.10.0\n");
        Optional<String> refusal = PoclSignalGuard.refusal(Map.of("OCL_ICD_VENDORS", vendors.toString()));
        assertTrue(refusal.isPresent());
        assertTrue(refusal.get().contains("POCL_SIGFPE_HANDLER=0"), refusal.get());
    }

    @Test
    void theVariableLetsPoclStart() throws IOException {
        Files.writeString(vendors.resolve("pocl.icd"), "libpocl.so.2.10.0\n");
        assertEquals(
                Optional.empty(),
                PoclSignalGuard.refusal(Map.of("OCL_ICD_VENDORS", vendors.toString(), "POCL_SIGFPE_HANDLER", "0")));
    }

    @Test
    void otherDriversAndNoRegistryAreLeftAlone() throws IOException {
        Files.writeString(vendors.resolve("nvidia.icd"), "libnvidia-opencl.so.1\n");
        assertFalse(PoclSignalGuard.namesPocl(vendors));
        assertFalse(PoclSignalGuard.namesPocl(vendors.resolve("missing")));
        Path renamed = Files.writeString(vendors.resolve("cpu.icd"), "/opt/pocl/lib/libpocl.so\n");
        assertTrue(PoclSignalGuard.namesPocl(renamed), "a single registry file naming PoCL");
    }
}
