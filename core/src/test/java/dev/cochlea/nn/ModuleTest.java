package dev.cochlea.nn;

import static dev.cochlea.Assertions2.assertClose;
import static dev.cochlea.Assertions2.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModuleTest {

    @AfterEach
    void restoreFusion() {
        Sequential.setFusion(true);
    }

    private static Sequential block() {
        return TinyConvNet.of(4, 20, 3);
    }

    @Test
    void stateDictUsesPyTorchNamesAndOrder() {
        Map<String, Tensor> state = block().stateDict();
        assertEquals(
                List.of(
                        "0.weight",
                        "1.weight",
                        "1.bias",
                        "1.running_mean",
                        "1.running_var",
                        "1.num_batches_tracked",
                        "5.weight",
                        "5.bias"),
                List.copyOf(state.keySet()));
        assertEquals(
                List.of("0.weight", "1.weight", "1.bias", "5.weight", "5.bias"),
                List.copyOf(block().namedParameters().keySet()));
        assertEquals(4 * 5 + 4 + 4 + 32 * 3 + 3, block().parameterCount());
    }

    @Test
    void defaultInitialisationFollowsPyTorchBounds() {
        Generator.manualSeed(3);
        Conv1d conv = new Conv1d(8, 16, 4);
        float bound = (float) (1 / Math.sqrt(8 * 4));
        for (float w : conv.weight().toFloatArray()) {
            assertTrue(Math.abs(w) <= bound, "weight inside U(-1/sqrt(fan_in), 1/sqrt(fan_in))");
        }
        for (float b : conv.bias().toFloatArray()) {
            assertTrue(Math.abs(b) <= bound);
        }
        float[] w = conv.weight().toFloatArray();
        double meanSquare = 0;
        for (float v : w) {
            meanSquare += v * v / w.length;
        }
        assertEquals(bound * bound / 3, meanSquare, bound * bound / 3 * 0.2, "variance of U(-b, b) is b^2/3");
        BatchNorm1d bn = new BatchNorm1d(3);
        assertArrayEquals(new float[] {1, 1, 1}, bn.stateDict().get("weight").toFloatArray(), 0f);
        assertArrayEquals(new float[] {0, 0, 0}, bn.stateDict().get("bias").toFloatArray(), 0f);
    }

    @Test
    void sameSeedSameModel() {
        Generator.manualSeed(11);
        float[] a = block().stateDict().get("5.weight").toFloatArray();
        Generator.manualSeed(11);
        float[] b = block().stateDict().get("5.weight").toFloatArray();
        assertArrayEquals(a, b, 0f);
    }

    @Test
    void wrongInputShapeNamesTheLayerAndBothShapes() {
        assertRefuses(
                new Conv1d(1, 32, 100, false),
                Tensor.zeros(2, 3, 200),
                "Conv1d(1, 32, kernel_size=100, bias=False)",
                "[N, 1, L]",
                "[2, 3, 200]");
        assertRefuses(new Linear(1536, 10), Tensor.zeros(2, 1000), "Linear(in_features=1536", "[2, 1000]");
        assertRefuses(new BatchNorm1d(8), Tensor.zeros(2, 4, 10), "BatchNorm1d(8", "[2, 4, 10]");
        assertRefuses(new MaxPool1d(4), Tensor.zeros(1, 1, 3), "MaxPool1d(kernel_size=4", "[1, 1, 3]");
    }

    /** {@code layer.forward(input)} throws IllegalArgumentException whose message mentions all of {@code parts}. */
    private static void assertRefuses(Module layer, Tensor input, String... parts) {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> layer.forward(input)), parts);
    }

    @Test
    void loadStateDictNamesEveryProblem() {
        Sequential model = block();
        Map<String, Tensor> state = new java.util.LinkedHashMap<>(block().stateDict());
        state.remove("1.running_var");
        state.put("9.weight", Tensor.zeros(1));
        state.put("5.bias", Tensor.zeros(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state));
        String m = e.getMessage();
        assertTrue(m.contains("missing key '1.running_var'"), m);
        assertTrue(m.contains("unexpected key '9.weight'"), m);
        assertTrue(m.contains("size mismatch for '5.bias'") && m.contains("[3]") && m.contains("[4]"), m);
    }

    @Test
    void loadStateDictCopiesValuesInPlace() {
        Sequential a = block();
        Sequential b = block();
        Tensor weightBefore = b.stateDict().get("0.weight");
        b.loadStateDict(a.stateDict());
        assertArrayEquals(a.stateDict().get("0.weight").toFloatArray(), weightBefore.toFloatArray(), 0f);
    }

    @Test
    void trainAndEvalReachEveryLayer() {
        Sequential model = block();
        model.eval();
        assertFalse(model.get(1).isTraining());
        model.train();
        assertTrue(model.get(1).isTraining());
    }

    @Test
    void batchNormCountsBatchesAndUsesRunningStatsInEval() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
        bn.forward(x);
        bn.forward(x);
        assertEquals(2f, bn.stateDict().get("num_batches_tracked").item());
        // channel 0 holds {1, 2, 5, 6}: mean 3.5, unbiased variance 17/3
        float mean = 0.19f * 3.5f;
        assertEquals(mean, bn.stateDict().get("running_mean").toFloatArray()[0], 1e-6f);
        bn.eval();
        float[] y = bn.forward(x).toFloatArray();
        float var = 0.81f + 0.19f * 17f / 3f;
        assertEquals((1 - mean) / Math.sqrt(var + 1e-5), y[0], 1e-5);
    }

    @Test
    void fusedBlockEqualsTheLayersInSequence() {
        Generator.manualSeed(5);
        Sequential fused = block();
        Sequential plain = block();
        plain.loadStateDict(fused.stateDict());
        Tensor x = Tensor.uniform(dev.cochlea.kernels.Backends.best(), new Generator(1), -1, 1, 3, 1, 20);
        Tensor labels = Tensor.labels(0, 2, 1);
        Losses.crossEntropy(fused.forward(x), labels).backward();
        Sequential.setFusion(false);
        Losses.crossEntropy(plain.forward(x), labels).backward();
        for (String name : fused.namedParameters().keySet()) {
            assertClose(
                    plain.namedParameters().get(name).grad(),
                    fused.namedParameters().get(name).grad(),
                    1e-5,
                    "gradient of " + name);
        }
        assertClose(
                plain.stateDict().get("1.running_var"), fused.stateDict().get("1.running_var"), 1e-6, "running_var");
        fused.eval();
        plain.eval();
        Sequential.setFusion(true);
        Tensor fusedOut = fused.forward(x);
        Sequential.setFusion(false);
        assertClose(plain.forward(x), fusedOut, 1e-5, "eval logits");
    }

    @Test
    void dropoutIsSeededScaledAndOffInEval() {
        Tensor x = Tensor.ones(1000);
        float[] a = new Dropout(0.3f, new Generator(7)).forward(x).toFloatArray();
        float[] b = new Dropout(0.3f, new Generator(7)).forward(x).toFloatArray();
        assertArrayEquals(a, b, 0f);
        int zeros = 0;
        for (float v : a) {
            if (v == 0f) {
                zeros++;
            } else {
                assertEquals(1f / 0.7f, v, 1e-6f);
            }
        }
        assertEquals(300, zeros, 60, "about p of the elements are dropped");
        Dropout d = new Dropout(0.3f);
        d.eval();
        assertArrayEquals(x.toFloatArray(), d.forward(x).toFloatArray(), 0f);
        assertNotEquals(0, zeros);
    }

    @Test
    void summaryListsLayersShapesAndTotal() {
        String s = block().summary(2, 1, 20);
        assertTrue(s.contains("Conv1d(1, 4, kernel_size=5, bias=False)"), s);
        assertTrue(s.contains("[2, 4, 8]"), s);
        assertTrue(s.contains("total trainable parameters: 127"), s);
    }
}
