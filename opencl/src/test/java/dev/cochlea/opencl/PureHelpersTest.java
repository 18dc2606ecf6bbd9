package dev.cochlea.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The host-side helpers that shape launches: tile size, axis folding. Needs neither OpenCL nor JOCL. */
class PureHelpersTest {
    @Test
    void tileFitsTheWorkGroupLimit() {
        assertEquals(16, ClContext.tileFor(4096));
        assertEquals(16, ClContext.tileFor(256));
        assertEquals(8, ClContext.tileFor(255));
        assertEquals(8, ClContext.tileFor(64));
        assertEquals(1, ClContext.tileFor(1));
    }

    @Test
    void foldingMergesContiguousAxesAndDropsOnes() {
        // [2, 3, 4] + [2, 3, 4]: one flat axis.
        AxisFolding flat = AxisFolding.fold(new int[] {2, 3, 4}, new int[] {12, 4, 1}, new int[] {12, 4, 1});
        assertArrayEquals(new int[] {24}, flat.shape());
        assertArrayEquals(new int[] {1}, flat.strides(1));
        // [32, 64, 200] + bias [1, 64, 1]: the three axes stay, strides (0, 1, 0) for the bias.
        AxisFolding bias = AxisFolding.fold(new int[] {32, 64, 200}, new int[] {12800, 200, 1}, new int[] {0, 1, 0});
        assertArrayEquals(new int[] {32, 64, 200}, bias.shape());
        assertArrayEquals(new int[] {0, 1, 0}, bias.strides(1));
        // [5, 1, 6, 7] with a row vector [7]: the first three merge in both, the 1 disappears.
        AxisFolding row = AxisFolding.fold(new int[] {5, 1, 6, 7}, new int[] {42, 42, 7, 1}, new int[] {0, 0, 0, 1});
        assertArrayEquals(new int[] {30, 7}, row.shape());
        assertArrayEquals(new int[] {0, 1}, row.strides(1));
        assertEquals(0, AxisFolding.fold(new int[] {1, 1}, new int[] {0, 0}).rank());
    }

    @Test
    void foldingRefusesMoreThanEightAxes() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] alternating = {0, 256, 0, 64, 0, 16, 0, 4, 0}; // never mergeable with its neighbours
        assertThrows(IllegalArgumentException.class, () -> AxisFolding.fold(shape, alternating));
    }
}
