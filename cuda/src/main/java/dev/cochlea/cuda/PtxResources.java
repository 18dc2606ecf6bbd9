package dev.cochlea.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Reads the committed PTX of a module (src/main/resources/dev/cochlea/cuda/NAME.ptx, built by tools/build-ptx.sh). */
final class PtxResources {
    static final String DIRECTORY = "/dev/cochlea/cuda/";

    private PtxResources() {
    }

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
