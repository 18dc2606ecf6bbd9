package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Autograd;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Sequential;
import dev.cochlea.onnx.OrtModel;
import dev.cochlea.onnx.RandomWeights;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The speech example's two models, exported at batch 1 with random weights and running statistics, run in ONNX
 * Runtime at batch 1 and at a larger batch (the batch axis is dynamic) and compared with Cochlea's evaluation output:
 * the largest difference at most 1e-4 of the largest logit.
 */
class SpeechModelsOnnxTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path dir;

    @Test
    void seedNetworkMatchesOnnxRuntime() throws Exception {
        ModelSpec spec = ModelSpec.of(ModelKind.SEED, 10, SpeechNets.SEED_INPUT_LENGTH);
        assertExportMatches(spec, 3);
    }

    @Test
    void melModelMatchesOnnxRuntime() throws Exception {
        ModelSpec spec = ModelSpec.of(ModelKind.MEL, 12, SpeechNets.SEED_INPUT_LENGTH);
        assertExportMatches(spec, 4);
    }

    private void assertExportMatches(ModelSpec spec, int batch) throws Exception {
        Backend cpu = Backends.get("cpu");
        Sequential net = spec.build();
        net.to(cpu);
        RandomWeights.randomise(net, new SplittableRandom(7));
        int[] shape = SpeechOnnx.exampleShape(spec);
        Path file = dir.resolve(spec.kind() + ".onnx");
        SpeechOnnx.exporter().export(net, shape, file);
        net.eval();
        try (OrtModel ort = new OrtModel(file)) {
            for (int n : new int[] {1, batch}) {
                shape[0] = n;
                float[] input = gaussian(shape, new SplittableRandom(n));
                float[] expected;
                try (MemoryScope ignored = MemoryScope.open();
                        Autograd.NoGrad ignored2 = Autograd.noGrad()) {
                    expected = net.forward(Tensor.of(cpu, input, shape)).toFloatArray();
                }
                OrtModel.Output actual = ort.run(input, shape);
                assertArrayEquals(new long[] {n, spec.classes()}, actual.shape());
                double error = OrtModel.relativeError(actual.values(), expected);
                assertTrue(error <= TOLERANCE, spec.kind() + " at batch " + n + ": relative error " + error);
            }
        }
    }

    private static float[] gaussian(int[] shape, SplittableRandom random) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
