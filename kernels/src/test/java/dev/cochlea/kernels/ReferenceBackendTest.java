package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReferenceBackendTest {
    private final Backend backend = new ReferenceBackend();

    @Test
    void describesItself() {
        assertEquals("reference", backend.name());
        assertEquals(10, backend.priority());
        assertTrue(backend.unavailableReason().isEmpty());
    }

    @Test
    void allocatesHostBuffersAndCopiesWithOffsets() {
        try (DeviceBuffer b = backend.allocate(DType.FLOAT32, 5)) {
            assertSame(backend, b.backend());
            assertEquals(DType.FLOAT32, b.dtype());
            assertEquals(5, b.size());
            backend.upload(new float[] {9, 1, 2, 3}, 1, b, 2, 3);
            float[] out = new float[4];
            backend.download(b, 1, out, 1, 3);
            assertArrayEquals(new float[] {0, 0, 1, 2}, out);
        }
        try (DeviceBuffer b = backend.allocate(DType.INT32, 3)) {
            backend.upload(new int[] {4, 5, 6}, 0, b, 0, 3);
            int[] out = new int[3];
            backend.download(b, 0, out, 0, 3);
            assertArrayEquals(new int[] {4, 5, 6}, out);
        }
    }

    @Test
    void wrongDtypeAndClosedBuffersFailLoudly() {
        DeviceBuffer ints = backend.allocate(DType.INT32, 2);
        DeviceBuffer floats = backend.allocate(DType.FLOAT32, 2);
        assertThrows(IllegalStateException.class, () -> backend.kernels().fill(ints, 2, 1f));
        floats.close();
        IllegalStateException e = assertThrows(
                IllegalStateException.class, () -> backend.kernels().fill(floats, 2, 1f));
        assertEquals("buffer used after close()", e.getMessage());
    }
}
