package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.DType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the backend presents itself, with or without a GPU. */
class CudaBackendAvailabilityTest {

    @Test
    void identifiesItselfWithoutStarting() {
        CudaBackend cuda = new CudaBackend();
        assertEquals("cuda", cuda.name());
        assertEquals(40, cuda.priority());
        assertEquals("cuda (not started)", cuda.toString());
    }

    @Test
    void isFoundByTheServiceLoader() {
        assertTrue(
                Backends.all().stream().anyMatch(b -> b instanceof CudaBackend),
                "META-INF/services/dev.cochlea.kernels.Backend must list CudaBackend");
    }

    @Test
    void withoutAGpuTheReasonIsOneClearLineAndEveryUseRefuses() {
        CudaBackend cuda = new CudaBackend();
        Optional<String> reason = cuda.unavailableReason();
        assumeTrue(reason.isPresent(), () -> "a GPU is available here: " + cuda);
        String line = reason.get();
        assertFalse(line.isBlank());
        assertFalse(line.contains("\n") || line.contains("\r"), line);
        assertTrue(line.length() <= 240, line);
        assertEquals(reason, cuda.unavailableReason(), "the reason is decided once");
        assertFalse(cuda.isAvailable());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cuda.allocate(DType.FLOAT32, 4));
        assertEquals("the cuda backend is unavailable: " + line, e.getMessage());
        assertThrows(IllegalStateException.class, cuda::kernels);
        assertThrows(IllegalStateException.class, cuda::synchronize);
    }

    @Test
    void withoutTheDriverLibraryTheReasonNamesIt() {
        assumeTrue(
                findLibcuda().isEmpty(),
                () -> "libcuda.so.1 is installed at " + findLibcuda().get());
        assertEquals(Optional.of("no NVIDIA driver: libcuda.so.1 not found"), new CudaBackend().unavailableReason());
    }

    @Test
    void bestSkipsCudaWhenItIsUnavailable() {
        assumeTrue(System.getProperty(Backends.PROPERTY) == null, "-Dcochlea.backend chooses the backend here");
        Backend cuda = Backends.all().stream()
                .filter(b -> b instanceof CudaBackend)
                .findFirst()
                .orElseThrow();
        Backend best = Backends.best();
        if (cuda.isAvailable()) {
            assertEquals("cuda", best.name(), "cuda has the highest priority");
        } else {
            assertNotEquals("cuda", best.name());
            assertTrue(best.isAvailable());
        }
    }

    @Test
    void aBadDeviceNumberIsTheReason() {
        String old = System.getProperty(CudaBackend.DEVICE_PROPERTY);
        System.setProperty(CudaBackend.DEVICE_PROPERTY, "first");
        try {
            assertEquals(
                    Optional.of("-Dcochlea.cuda.device=first is not a device number"),
                    new CudaBackend().unavailableReason());
        } finally {
            if (old == null) {
                System.clearProperty(CudaBackend.DEVICE_PROPERTY);
            } else {
                System.setProperty(CudaBackend.DEVICE_PROPERTY, old);
            }
        }
    }

    /** Where the dynamic linker would find libcuda.so.1 (the usual directories and LD_LIBRARY_PATH). */
    private static Optional<Path> findLibcuda() {
        List<String> dirs = new ArrayList<>(List.of(
                "/usr/lib/x86_64-linux-gnu",
                "/usr/lib64",
                "/usr/lib",
                "/lib/x86_64-linux-gnu",
                "/usr/local/nvidia/lib64",
                "/usr/lib/wsl/lib"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(File.pathSeparator)));
        }
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "libcuda.so.1"))
                .filter(Files::exists)
                .findFirst();
    }
}
