package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.Generator;
import dev.cochlea.Golden;
import dev.cochlea.Tensor;
import dev.cochlea.data.DataLoader;
import dev.cochlea.data.Dataset;
import dev.cochlea.data.Example;
import dev.cochlea.nn.Sequential;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same seed, the same start as PyTorch: after {@code Generator.manualSeed(0)} the seed network has exactly the
 * initial weights PyTorch's has after {@code torch.manual_seed(0)}, and a training loader built after it, as
 * {@link Training} builds it, shuffles with the torch.randperm orders of benchmarks/fsdd_pytorch.py (golden file
 * generator_seed_network from tools/golden/make_golden.py; compared bit for bit).
 */
class SeedDrawsGoldenTest {
    @Test
    void seedZeroStartsFromPyTorchsWeightsAndBatchOrders() {
        Golden golden = Golden.load("generator_seed_network");
        Generator.manualSeed(golden.metaInt("seed"));
        Sequential model = SpeechNets.seed(golden.metaInt("classes"));
        int edge = golden.metaInt("edge");
        int compared = 0;
        for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
            String name = p.getKey();
            if (!golden.has(name + ".head")) {
                continue; // BatchNorm's weights start at one and its biases at zero: nothing is drawn
            }
            float[] v = p.getValue().toFloatArray();
            assertArrayEquals(golden.floats(name + ".head"), Arrays.copyOfRange(v, 0, Math.min(edge, v.length)), name);
            assertArrayEquals(
                    golden.floats(name + ".tail"), Arrays.copyOfRange(v, Math.max(0, v.length - edge), v.length), name);
            compared++;
        }
        assertEquals(8, compared, "six conv weights, the linear weight and bias");

        try (DataLoader loader = DataLoader.builder(clips(2000))
                .batchSize(32)
                .shuffle(true)
                .seed(0)
                .generator(Generator.global())
                .build()) {
            assertArrayEquals(golden.ints("order_epoch0"), loader.order(0));
            assertArrayEquals(golden.ints("order_epoch1"), loader.order(1));
        }
    }

    private static Dataset<Example> clips(int n) {
        return Dataset.of(n, index -> new Example(new float[] {index}, new int[] {1}, 0));
    }
}
