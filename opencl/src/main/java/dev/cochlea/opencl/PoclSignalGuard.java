package dev.cochlea.opencl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Keeps PoCL from crashing the JVM. When PoCL (the portable OpenCL implementation, often the only OpenCL of a Linux
 * machine) initialises, it installs a SIGFPE handler of its own, and from then on the JVM dies with a bare
 * "Segmentation fault" (no hs_err file) at some later safepoint: measured here as about half of the runs of the
 * inference benchmark, with or without OpenCL ever being used, because probing the backend initialises every installed
 * OpenCL driver. PoCL skips the handler when {@code POCL_SIGFPE_HANDLER=0} is in the environment, which a JVM cannot
 * set for itself; so while PoCL is installed and the variable is not set, the backend does not start and says why.
 */
final class PoclSignalGuard {
    static final String VARIABLE = "POCL_SIGFPE_HANDLER";
    private static final Path SYSTEM_VENDORS = Path.of("/etc/OpenCL/vendors");

    private PoclSignalGuard() {}

    /** Why OpenCL must not start in this process, or empty when it may. */
    static Optional<String> refusal(Map<String, String> environment) {
        if ("0".equals(environment.get(VARIABLE))) {
            return Optional.empty();
        }
        String vendors = environment.get("OCL_ICD_VENDORS");
        Path where = vendors != null ? Path.of(vendors) : SYSTEM_VENDORS;
        if (!namesPocl(where)) {
            return Optional.empty();
        }
        return Optional.of(
                "PoCL is installed (" + where + ") and would replace the JVM's signal handlers, which crashes "
                        + "the JVM later; start Java with " + VARIABLE + "=0 in the environment to use OpenCL");
    }

    /** Whether the ICD registry (a folder of .icd files, or one file) names a PoCL library. */
    static boolean namesPocl(Path registry) {
        try {
            if (Files.isRegularFile(registry)) {
                return mentionsPocl(registry);
            }
            if (!Files.isDirectory(registry)) {
                return false;
            }
            try (Stream<Path> files = Files.list(registry)) {
                return files.filter(p -> p.getFileName().toString().endsWith(".icd"))
                        .anyMatch(PoclSignalGuard::mentionsPocl);
            }
        } catch (IOException | RuntimeException e) {
            return false; // an unreadable registry is the ICD loader's problem to report
        }
    }

    private static boolean mentionsPocl(Path icd) {
        try {
            return icd.getFileName().toString().toLowerCase(Locale.ROOT).contains("pocl")
                    || Files.readString(icd).toLowerCase(Locale.ROOT).contains("pocl");
        } catch (IOException e) {
            return false;
        }
    }
}
