package dev.cochlea.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeAvx2Test {
    @Test
    void thePatchTurnsTheAvx512GuardsConditionalJumpIntoAJumpAndTouchesNothingElse() throws Exception {
        byte[] original = OnnxRuntimeAvx2.runtimeLibrary();
        byte[] patched = original.clone();

        int at = OnnxRuntimeAvx2.patch(patched);

        assertEquals(0x74, original[at] & 0xff, "je rel8 before");
        assertEquals(0xEB, patched[at] & 0xff, "jmp rel8 after");
        patched[at] = original[at];
        assertArrayEquals(original, patched, "every other byte is ONNX Runtime's own");
    }

    @Test
    void aLibraryWithoutTheKnownGuardIsRefusedNotPatchedBlindly() throws Exception {
        byte[] patched = OnnxRuntimeAvx2.runtimeLibrary();
        OnnxRuntimeAvx2.patch(patched);

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> OnnxRuntimeAvx2.patch(patched));
        assertTrue(refused.getMessage().contains("not found"), refused.getMessage());
        assertTrue(refused.getMessage().contains(OnnxRuntimeAvx2.VERSION), refused.getMessage());
    }

    @Test
    void installWritesBothLibrariesAndPointsTheLoaderAtThem(@TempDir Path directory) throws Exception {
        String before = System.getProperty("onnxruntime.native.path");
        try {
            OnnxRuntimeAvx2.install(directory);

            assertEquals(directory.toString(), System.getProperty("onnxruntime.native.path"));
            assertTrue(Files.size(directory.resolve("libonnxruntime.so")) > 1_000_000);
            assertTrue(Files.size(directory.resolve("libonnxruntime4j_jni.so")) > 10_000);
            try (var files = Files.list(directory)) {
                assertEquals(2, files.count(), "no partial files left behind");
            }
        } finally {
            if (before == null) {
                System.clearProperty("onnxruntime.native.path");
            } else {
                System.setProperty("onnxruntime.native.path", before);
            }
        }
    }
}
