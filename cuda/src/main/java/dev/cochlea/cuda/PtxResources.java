package dev.cochlea.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads the committed PTX of a module (src/main/resources/dev/cochlea/cuda/NAME.ptx, built by tools/build-ptx.sh),
 * and states what its header promises: PtxHeaderTest checks every committed file against these.
 */
final class PtxResources {
    static final String DIRECTORY = "/dev/cochlea/cuda/";
    /** The PTX ISA version in every module's {@code .version} line (tools/build-ptx.sh, PTX_ISA). */
    static final String ISA_VERSION = "8.0";
    /** The virtual architecture in every module's {@code .target} line: Ampere, the first with TF32 tensor cores. */
    static final String TARGET = "sm_80";
    /** The oldest CUDA driver that accepts PTX ISA {@link #ISA_VERSION}. */
    static final String MIN_DRIVER_CUDA = "12.0";

    private PtxResources() {}

    /** The module's PTX text as bytes followed by the NUL terminator cuModuleLoadData expects. */
    static byte[] load(String module) {
        String path = DIRECTORY + module + ".ptx";
        try (InputStream in = PtxResources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("PTX resource " + path + " is missing from the cochlea-cuda jar");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read PTX resource " + path, e);
        }
    }
}
