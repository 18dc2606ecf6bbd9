package dev.cochlea.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.DType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Typed per-parameter state meets the state-dict names a checkpoint file holds ("0.exp_avg", "1.step", "lr"): the
 * names and their order are the file format, and a save, load and further steps equal uninterrupted steps.
 */
class OptimizerStateTest {

    private static List<Tensor> params() {
        return List.of(
                Tensor.of(new float[] {1, -2, 3}, 3).requiresGrad(true),
                Tensor.of(new float[] {0.5f, 0.25f}, 2).requiresGrad(true));
    }

    private static void step(Optimizer opt, int k) {
        for (Tensor p : opt.params()) {
            float[] g = new float[(int) p.size()];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) Math.sin(k + 3 * i);
            }
            p.setGrad(Tensor.of(g, g.length));
        }
        opt.step();
    }

    @Test
    void adamNamesItsStateAsPyTorchDoes() {
        Optimizer adam = new Adam(params(), 1e-2f, Adam.options().amsgrad(true));
        step(adam, 1);
        assertEquals(
                List.of(
                        "0.exp_avg",
                        "0.exp_avg_sq",
                        "0.max_exp_avg_sq",
                        "1.exp_avg",
                        "1.exp_avg_sq",
                        "1.max_exp_avg_sq",
                        "lr",
                        "0.step",
                        "1.step"),
                List.copyOf(adam.stateDict().keySet()));
        SGD sgd = new SGD(params(), 0.1f, SGD.options().momentum(0.9f));
        assertEquals(List.of("lr"), List.copyOf(sgd.stateDict().keySet()), "no state before the first step");
        step(sgd, 1);
        assertEquals(
                List.of("0.momentum_buffer", "1.momentum_buffer", "lr"),
                List.copyOf(sgd.stateDict().keySet()));
    }

    @Test
    void adamResumedFromItsStateDictContinuesExactly() {
        resumesExactly(p -> new Adam(p, 1e-2f, Adam.options().weightDecay(0.1f).amsgrad(true)));
    }

    @Test
    void sgdResumedFromItsStateDictContinuesExactly() {
        resumesExactly(p ->
                new SGD(p, 0.1f, SGD.options().momentum(0.9f).nesterov(true).weightDecay(0.01f)));
    }

    private static void resumesExactly(Function<List<Tensor>, Optimizer> make) {
        Optimizer straight = make.apply(params());
        for (int k = 1; k <= 3; k++) {
            step(straight, k);
        }
        Optimizer first = make.apply(params());
        step(first, 1);
        step(first, 2);
        Map<String, Tensor> saved = new LinkedHashMap<>();
        first.stateDict().forEach((k, v) -> saved.put(k, copy(v)));
        List<Tensor> resumedParams = params();
        for (int i = 0; i < resumedParams.size(); i++) {
            resumedParams.get(i).copyFrom(first.params().get(i));
        }
        Optimizer resumed = make.apply(resumedParams);
        resumed.loadStateDict(saved);
        step(resumed, 3);
        for (int i = 0; i < resumedParams.size(); i++) {
            assertArrayEquals(
                    straight.params().get(i).toFloatArray(),
                    resumed.params().get(i).toFloatArray(),
                    0f);
        }
    }

    /** A snapshot, as a checkpoint file is: later steps must not change what was saved. */
    private static Tensor copy(Tensor t) {
        return t.dtype() == DType.INT32
                ? Tensor.ofInts(t.backend(), t.toIntArray(), t.shape())
                : Tensor.of(t.backend(), t.toFloatArray(), t.shape());
    }

    @Test
    void stateThatNoParameterOrNameOwnsIsRejectedWithItsKey() {
        Optimizer adam = new Adam(params(), 1e-2f);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> adam.loadStateDict(Map.of(
                        "0.momentum_buffer",
                        Tensor.zeros(3),
                        "7.exp_avg",
                        Tensor.zeros(3),
                        "x.exp_avg",
                        Tensor.zeros(3),
                        "1.exp_avg",
                        Tensor.zeros(3))));
        assertTrue(e.getMessage().contains("'0.momentum_buffer' is not kept by Adam"), e.getMessage());
        assertTrue(e.getMessage().contains("'7.exp_avg' does not belong"), e.getMessage());
        assertTrue(e.getMessage().contains("'x.exp_avg' does not belong"), e.getMessage());
        assertTrue(e.getMessage().contains("'1.exp_avg' is FLOAT32 [3], expected FLOAT32 [2]"), e.getMessage());
        assertEquals(List.of("lr"), List.copyOf(adam.stateDict().keySet()), "nothing loaded when anything is wrong");
    }
}
