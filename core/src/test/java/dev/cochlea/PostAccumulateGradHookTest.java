package dev.cochlea;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Tensor#registerPostAccumulateGradHook}: once per backward, after the leaf's last contribution. */
class PostAccumulateGradHookTest {

    @Test
    void aLeafUsedTwiceIsReportedOnceWithItsWholeGradient() {
        Tensor x = Tensor.of(new float[] {1f, -2f, 3f}, 3).requiresGrad(true);
        List<float[]> seen = new ArrayList<>();
        x.registerPostAccumulateGradHook(t -> seen.add(t.grad().toFloatArray()));
        x.mul(x).add(x).sum().backward(); // d/dx (x^2 + x) = 2x + 1, from three edges
        assertEquals(1, seen.size());
        assertArrayEquals(new float[] {3f, -3f, 7f}, seen.get(0), 0f);
    }

    @Test
    void leavesAreReportedInTheOrderBackwardFinishesThem() {
        Tensor first = Tensor.of(new float[] {2f}, 1).requiresGrad(true);
        Tensor last = Tensor.of(new float[] {3f}, 1).requiresGrad(true);
        List<String> order = new ArrayList<>();
        first.registerPostAccumulateGradHook(t -> order.add("first"));
        last.registerPostAccumulateGradHook(t -> order.add("last"));
        // "last" enters the graph last, so backward reaches it first; "first" feeds the earliest op.
        first.mul(2f).exp().mul(last).sum().backward();
        assertEquals(List.of("last", "first"), order);
    }

    @Test
    void aRemovedHookIsNotCalledAgain() {
        Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
        List<String> seen = new ArrayList<>();
        x.registerPostAccumulateGradHook(t -> seen.add("kept"));
        Tensor.HookHandle handle = x.registerPostAccumulateGradHook(t -> seen.add("removed"));
        x.mul(2f).sum().backward();
        handle.remove();
        x.mul(2f).sum().backward();
        assertEquals(List.of("kept", "removed", "kept"), seen);
    }

    @Test
    void aLeafRootIsReported() {
        Tensor x = Tensor.of(new float[] {5f}, 1).requiresGrad(true);
        List<Tensor> seen = new ArrayList<>();
        x.registerPostAccumulateGradHook(seen::add);
        x.backward();
        assertEquals(List.of(x), seen);
    }

    @Test
    void onlyLeavesTakeHooks() {
        Tensor x = Tensor.of(new float[] {1f}, 1).requiresGrad(true);
        assertThrows(IllegalStateException.class, () -> x.mul(2f).registerPostAccumulateGradHook(t -> {}));
        assertNull(x.grad());
    }
}
