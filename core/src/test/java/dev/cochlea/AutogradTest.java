package dev.cochlea;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AutogradTest {

    @AfterEach
    void anomalyOff() {
        Autograd.setDetectAnomaly(false);
    }

    @Test
    void gradientsOfATensorUsedTwiceAreSummed() {
        Tensor x = Tensor.of(new float[] {1f, -2f, 3f}, 3).requiresGrad(true);
        x.mul(x).add(x).sum().backward(); // d/dx (x^2 + x) = 2x + 1
        assertArrayEquals(new float[] {3f, -3f, 7f}, x.grad().toFloatArray(), 0f);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Tensor x = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
        x.mul(3f).sum().backward();
        x.mul(3f).sum().backward();
        assertEquals(6f, x.grad().item());
    }

    @Test
    void broadcastGradientIsSummedOverTheBroadcastAxes() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {10, 20, 30}, 3).requiresGrad(true);
        a.mul(b).sum().backward();
        assertArrayEquals(new float[] {10, 20, 30, 10, 20, 30}, a.grad().toFloatArray(), 0f);
        assertArrayEquals(new float[] {5, 7, 9}, b.grad().toFloatArray(), 0f);
    }

    @Test
    void secondBackwardThroughAFreedGraphFailsClearly() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Tensor loss = x.exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
        Tensor y = Autograd.noGrad(() -> x.mul(2f));
        assertTrue(y.isLeaf());
        assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(Autograd.isGradEnabled(), "noGrad restores the previous mode");
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Tensor y = x.mul(2f).detach().mul(x).sum();
        y.backward();
        assertArrayEquals(new float[] {2f, 4f}, x.grad().toFloatArray(), 0f);
    }

    @Test
    void backwardOfANonScalarNeedsAGradient() {
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> x.mul(2f).backward());
        assertTrue(e.getMessage().contains("scalar"), e.getMessage());
        x.mul(2f).backward(Tensor.of(new float[] {1f, 10f}, 2));
        assertArrayEquals(new float[] {2f, 20f}, x.grad().toFloatArray(), 0f);
    }

    @Test
    void anomalyModeNamesTheFirstOpThatProducedNaN() {
        Autograd.setDetectAnomaly(true);
        Tensor x = Tensor.of(new float[] {1f, -1f}, 2).requiresGrad(true);
        AnomalyException e =
                assertThrows(AnomalyException.class, () -> x.mul(2f).log().sum());
        assertTrue(e.getMessage().contains("NaN produced by log (forward)"), e.getMessage());
    }

    @Test
    void anomalyModeChecksGradientsToo() {
        Autograd.setDetectAnomaly(true);
        Tensor x = Tensor.of(new float[] {0f, 1f}, 2).requiresGrad(true);
        Tensor y = x.sqrt().sum(); // d sqrt(x) at 0 is infinite
        AnomalyException e = assertThrows(AnomalyException.class, y::backward);
        assertTrue(e.getMessage().contains("sqrt (backward"), e.getMessage());
    }

    @Test
    void memoryScopeReleasesTemporariesButKeepsGradientsAndKeptTensors() {
        Tensor w = Tensor.of(new float[] {1f, 2f}, 2).requiresGrad(true);
        Tensor kept;
        Tensor temporary;
        try (MemoryScope scope = MemoryScope.open()) {
            temporary = w.mul(3f);
            temporary.sum().backward();
            kept = scope.keep(w.add(1f));
        }
        assertArrayEquals(new float[] {3f, 3f}, w.grad().toFloatArray(), 0f);
        assertArrayEquals(new float[] {2f, 3f}, kept.detach().toFloatArray(), 0f);
        Tensor released = temporary;
        assertThrows(IllegalStateException.class, released::toFloatArray);
    }

    @Test
    void reshapeSharesStorageAndRoutesGradients() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor y = x.reshape(3, -1);
        assertArrayEquals(new int[] {3, 2}, y.shape());
        y.mul(Tensor.of(new float[] {1, 2}, 2)).sum().backward();
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, x.grad().toFloatArray(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.reshape(4, 2));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void gradIsNullBeforeBackward() {
        assertNull(Tensor.zeros(2).requiresGrad(true).grad());
    }
}
