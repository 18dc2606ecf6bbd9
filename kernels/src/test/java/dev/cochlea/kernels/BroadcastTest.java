package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BroadcastTest {

    @Test
    void rightAlignsShapesAndZeroesBroadcastStrides() {
        Broadcast b = Broadcast.of(new int[] {2, 1, 4}, new int[] {3, 1});
        assertArrayEquals(new int[] {2, 3, 4}, b.outShape());
        assertArrayEquals(new int[] {4, 0, 1}, b.aStrides());
        assertArrayEquals(new int[] {0, 1, 0}, b.bStrides());
        assertEquals(24, b.outSize());
        assertFalse(b.isElementwise());
    }

    @Test
    void equalShapesAreElementwise() {
        Broadcast b = Broadcast.of(new int[] {3, 5}, new int[] {3, 5});
        assertTrue(b.isElementwise());
        assertArrayEquals(new int[] {5, 1}, b.aStrides());
        assertEquals(b, Broadcast.of(new int[] {3, 5}, new int[] {3, 5}));
        assertEquals(
                b.hashCode(), Broadcast.of(new int[] {3, 5}, new int[] {3, 5}).hashCode());
    }

    @Test
    void scalarAgainstMatrix() {
        Broadcast b = Broadcast.of(new int[] {1}, new int[] {2, 3});
        assertArrayEquals(new int[] {2, 3}, b.outShape());
        assertArrayEquals(new int[] {0, 0}, b.aStrides());
        assertArrayEquals(new int[] {3, 1}, b.bStrides());
    }

    @Test
    void incompatibleShapesNameBothShapesAndTheAxis() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Broadcast.of(new int[] {2, 3}, new int[] {4}));
        assertEquals("shapes [2, 3] and [4] cannot be broadcast together (axis 1: 3 vs 4)", e.getMessage());
    }
}
