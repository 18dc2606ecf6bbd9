package dev.cochlea.cuda;

import static dev.cochlea.cuda.RecordingHost.floats;
import static dev.cochlea.cuda.RecordingHost.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The launch builder refuses arguments that do not match the kernel's declared parameters. */
class LaunchTest {
    private static final LaunchGeometry.Grid GRID = LaunchGeometry.elementwise(10);

    @Test
    void wrongTypeIsRefusedWithTheCTypes() {
        Launch.Builder b = Launch.of(KernelCatalog.FILL, GRID).f32(floats("out", 10));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.i32(10));
        assertTrue(e.getMessage().contains("fill_f32 argument 1 is long long, not int"), e.getMessage());
    }

    @Test
    void wrongDtypeIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Launch.of(KernelCatalog.FILL, GRID).f32(ints("out", 10)));
        assertTrue(e.getMessage().contains("must be a FLOAT32 buffer"), e.getMessage());
    }

    @Test
    void missingAndExtraArgumentsAreRefused() {
        assertThrows(
                IllegalStateException.class,
                () -> Launch.of(KernelCatalog.FILL, GRID)
                        .f32(floats("o", 1))
                        .i64(1)
                        .build());
        assertThrows(
                IllegalStateException.class,
                () -> Launch.of(KernelCatalog.FILL, GRID)
                        .f32(floats("o", 1))
                        .i64(1)
                        .f32(0f)
                        .f32(1f));
    }

    @Test
    void shapesArePaddedAndLimitedToEightDimensions() {
        Launch.Builder b =
                Launch.of(KernelCatalog.PERMUTE, GRID).f32(floats("x", 1)).f32(floats("y", 1));
        assertThrows(IllegalArgumentException.class, () -> b.shape8(new int[9]));
        Launch l = b.shape8(new int[] {5}).shape8(new int[] {1}).i32(1).i64(5).build();
        assertEquals(5, ((int[]) l.args().get(2))[0]);
        assertEquals(1, ((int[]) l.args().get(2))[7]);
        assertEquals(10 / 256 + 1, l.gridX());
    }
}
