package dev.cochlea.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A backward closure must hold the tensors it reads, not only their buffers: a tensor nobody references is freed by
 * its Cleaner, and the batch statistics that batch norm saves for its backward are referenced by nothing else.
 */
class SavedTensorsTest {

    private static void backwardAfterCollectingGarbage(Function<Tensor, Tensor> op) throws InterruptedException {
        Tensor x = Tensor.randn(new Generator(7), 4, 3, 16).requiresGrad(true);
        Tensor y = op.apply(x);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20); // the Cleaner runs on its own thread
        }
        y.sum().backward();
        for (float v : x.grad().toFloatArray()) {
            assertTrue(Float.isFinite(v));
        }
    }

    private static NormOps.BatchNormState state() {
        return new NormOps.BatchNormState(
                Tensor.zeros(3),
                Tensor.ones(3),
                Tensor.ones(3).requiresGrad(true),
                Tensor.zeros(3).requiresGrad(true),
                0.1f,
                1e-5f);
    }

    @Test
    void batchNormKeepsItsSavedStatisticsAliveUntilBackward() throws InterruptedException {
        backwardAfterCollectingGarbage(x -> NormOps.batchNorm(x, 3, state(), true, "bn"));
    }

    @Test
    void theFusedBlockKeepsItsSavedStatisticsAliveUntilBackward() throws InterruptedException {
        backwardAfterCollectingGarbage(x -> NormOps.batchNormReluMaxPool(x, 3, state(), true, 4, 4, 0, "fused"));
    }
}
