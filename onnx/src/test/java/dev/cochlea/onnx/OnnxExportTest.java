package dev.cochlea.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Autograd;
import dev.cochlea.Generator;
import dev.cochlea.MemoryScope;
import dev.cochlea.Tensor;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Dropout;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.Module;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported files run in ONNX Runtime (all optimisations, as deployed) and must reproduce Cochlea's evaluation output
 * within 1e-4 relative to the output's scale ({@link OrtModel#relativeError}), at the traced batch size and at others
 * (the batch axis is dynamic).
 */
class OnnxExportTest {
    private static final double TOLERANCE = 1e-4;
    private static final Backend CPU = Backends.get("cpu");

    @TempDir
    Path dir;

    @Test
    void eachLayerAloneMatchesCochlea() throws Exception {
        Generator gen = new Generator(1);
        List<Module> layers = List.of(
                new Conv1d(3, 5, 3, new Conv1d.Options(1, 0, 1, true), CPU, gen),
                new Conv1d(3, 4, 5, new Conv1d.Options(2, 3, 2, false), CPU, gen),
                new BatchNorm1d(3, 1e-3f, 0.1f, true, true, CPU),
                new BatchNorm1d(3, 1e-5f, 0.1f, false, true, CPU),
                new BatchNorm1d(3, 1e-5f, 0.1f, true, false, CPU),
                new BatchNorm1d(3, 1e-5f, 0.1f, false, false, CPU),
                new ReLU(),
                new MaxPool1d(3),
                new MaxPool1d(4, 2, 2),
                new Flatten(),
                new Flatten(2),
                new Flatten(-1),
                new Linear(20, 6, true, CPU, gen),
                new Linear(20, 6, false, CPU, gen),
                new Dropout(0.5f));
        for (Module layer : layers) {
            RandomWeights.randomise(layer, new SplittableRandom(layer.toString().hashCode()));
            assertMatches(new Sequential(layer), new int[] {2, 3, 20}, layer.toString(), 1, 2, 5);
        }
    }

    @Test
    void batchNormAndLinearOnFeatureVectorsMatch() throws Exception {
        Generator gen = new Generator(2);
        Sequential net = new Sequential(
                new Linear(12, 8, true, CPU, gen),
                new BatchNorm1d(8, 1e-5f, 0.1f, true, true, CPU),
                new ReLU(),
                new Dropout(0.3f),
                new Linear(8, 3, false, CPU, gen));
        RandomWeights.randomise(net, new SplittableRandom(2));
        assertMatches(net, new int[] {4, 12}, "MLP", 1, 4, 7);
    }

    @Test
    void randomConvNetworksMatchAtSeveralBatchSizes() throws Exception {
        SplittableRandom random = new SplittableRandom(13);
        for (int n = 0; n < 16; n++) {
            RandomNetwork r = randomNetwork(random, new Generator(n));
            RandomWeights.randomise(r.net(), random);
            assertMatches(
                    r.net(),
                    r.inputShape(),
                    "random network " + n + ":\n" + r.net().summary(),
                    1,
                    3);
        }
    }

    @Test
    void nestedSequentialsKeepStateDictNamesAndMatch() throws Exception {
        Generator gen = new Generator(3);
        Sequential block = new Sequential(
                new Conv1d(2, 4, 3, new Conv1d.Options(1, 1, 1, false), CPU, gen),
                new BatchNorm1d(4, 1e-5f, 0.1f, true, true, CPU),
                new ReLU(),
                new MaxPool1d(2));
        Sequential net = new Sequential(block, new Sequential(new Flatten(), new Linear(32, 5, true, CPU, gen)));
        RandomWeights.randomise(net, new SplittableRandom(3));
        assertMatches(net, new int[] {1, 2, 16}, "nested", 1, 2);

        String text = new String(
                OnnxExporter.standard().toBytes(net, new int[] {1, 2, 16}),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String name : List.of("0.0.weight", "0.1.running_var", "1.1.weight", "1.1.bias", "/0/0/Conv")) {
            assertTrue(text.contains(name), "the file names " + name);
        }
    }

    @Test
    void fileDeclaresDynamicBatchAndRestoresTrainingMode() throws Exception {
        Sequential net = new Sequential(
                new Conv1d(1, 2, 3, new Conv1d.Options(1, 0, 1, true), CPU, new Generator(4)), new Flatten());
        net.train();
        Path file = dir.resolve("net.onnx");
        OnnxExporter.standard().withMetadata("labels", "[\"yes\",\"no\"]").export(net, new int[] {1, 1, 10}, file);
        assertTrue(net.isTraining(), "export restores the model's mode");
        Path plain = Files.write(dir.resolve("plain"), new byte[1]);
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(
                    Files.getPosixFilePermissions(plain),
                    Files.getPosixFilePermissions(file),
                    "the file gets the umask's permissions, like any file the process writes");
        }
        try (OrtModel ort = new OrtModel(file)) {
            assertArrayEquals(new long[] {-1, 1, 10}, ort.inputShape());
            assertArrayEquals(new long[] {-1, 16}, ort.outputShape());
            assertEquals("[\"yes\",\"no\"]", ort.metadata().get("labels"));
        }
    }

    @Test
    void unsupportedModuleFailsNamingItAndLeavesTheOldFile() throws Exception {
        Path file = dir.resolve("net.onnx");
        Files.writeString(file, "earlier export");
        Sequential net = new Sequential(new ReLU(), new Sequential(new ReLU(), new Square()));
        UnsupportedModuleException e =
                assertThrows(UnsupportedModuleException.class, () -> Onnx.export(net, new int[] {1, 2, 3}, file));
        assertTrue(e.getMessage().contains("'1.1' Square()"), e.getMessage());
        assertTrue(e.getMessage().contains(Square.class.getName()), e.getMessage());
        assertEquals("earlier export", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void userConverterExportsAUserLayer() throws Exception {
        Sequential net = new Sequential(
                new Conv1d(1, 2, 3, new Conv1d.Options(1, 1, 1, true), CPU, new Generator(5)), new Square());
        OnnxExporter exporter = OnnxExporter.standard()
                .with(Square.class, (square, layer) -> layer.node("Mul", List.of(layer.input(), layer.input())));
        Path file = dir.resolve("square.onnx");
        exporter.export(net, new int[] {1, 1, 8}, file);
        compare(net, file, "Conv1d -> Square", 1, 1, 8);
    }

    @Test
    void identityModelStillHasAnOutput() throws Exception {
        Path file = dir.resolve("identity.onnx");
        Onnx.export(new Sequential(new Dropout(0.2f)), new int[] {1, 4}, file);
        compare(new Sequential(new Dropout(0.2f)), file, "Dropout", 3, 4);
    }

    @Test
    void badExampleShapeIsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Onnx.export(new Sequential(new ReLU()), new int[] {0, 3}, dir.resolve("x.onnx")));
        assertTrue(e.getMessage().contains("[0, 3]"), e.getMessage());
    }

    /** x * x: a layer the standard exporter does not know. */
    static final class Square extends Module {
        @Override
        public Tensor forward(Tensor input) {
            return input.mul(input);
        }

        @Override
        public String toString() {
            return "Square()";
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    /** Exports at {@code exampleShape} and compares with Cochlea at each batch size in {@code batches}. */
    private void assertMatches(Module net, int[] exampleShape, String what, int... batches) throws Exception {
        Path file = dir.resolve("model.onnx");
        Onnx.export(net, exampleShape, file);
        for (int batch : batches) {
            int[] shape = exampleShape.clone();
            shape[0] = batch;
            compare(net, file, what + " at batch " + batch, shape);
        }
    }

    private static void compare(Module net, Path file, String what, int... shape) throws Exception {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(shape));
        float[] input = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian();
        }
        Tensor expected = eval(net, input, shape);
        try (OrtModel ort = new OrtModel(file)) {
            OrtModel.Output actual = ort.run(input, shape);
            assertArrayEquals(LayerContext.toLongs(expected.shape()), actual.shape(), what + ": output shape");
            double error = OrtModel.relativeError(actual.values(), expected.toFloatArray());
            assertTrue(error <= TOLERANCE, what + ": relative error " + error);
        }
    }

    private static Tensor eval(Module net, float[] input, int[] shape) {
        boolean wasTraining = net.isTraining();
        net.eval();
        try (MemoryScope scope = MemoryScope.open();
                Autograd.NoGrad ignored = Autograd.noGrad()) {
            return scope.keep(net.forward(Tensor.of(CPU, input, shape)));
        } finally {
            net.train(wasTraining);
        }
    }

    /** A network and the input shape it was built for. */
    private record RandomNetwork(Sequential net, int[] inputShape) {}

    /**
     * One to three conv blocks with random kernel, stride, padding, dilation and bias, each optionally followed by
     * BatchNorm1d (with or without running statistics, affine or not), ReLU, MaxPool1d (random kernel, stride and
     * padding) and Dropout, some nested in a Sequential of their own; then Flatten and one or two Linear layers.
     */
    private static RandomNetwork randomNetwork(SplittableRandom random, Generator gen) {
        int[] inputShape = {1 + random.nextInt(3), 1 + random.nextInt(3), 40 + random.nextInt(40)};
        int channels = inputShape[1];
        int length = inputShape[2];
        Sequential net = new Sequential();
        for (int block = 0, blocks = 1 + random.nextInt(3); block < blocks; block++) {
            int out = 2 + random.nextInt(6);
            int kernel = 1 + random.nextInt(5);
            int dilation = 1 + random.nextInt(2);
            int stride = 1 + random.nextInt(2);
            int padding = random.nextInt(3);
            if ((length + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1 < 2) {
                kernel = 1;
                dilation = 1;
                stride = 1;
            }
            length = (length + 2 * padding - dilation * (kernel - 1) - 1) / stride + 1;
            Sequential b = new Sequential(new Conv1d(
                    channels,
                    out,
                    kernel,
                    new Conv1d.Options(stride, padding, dilation, random.nextBoolean()),
                    CPU,
                    gen));
            if (random.nextInt(4) > 0) {
                b.add(new BatchNorm1d(out, 1e-5f, 0.1f, random.nextInt(4) > 0, random.nextInt(4) > 0, CPU));
            }
            b.add(new ReLU());
            int poolKernel = 1 + random.nextInt(3);
            int poolStride = 1 + random.nextInt(2);
            int poolPadding = random.nextInt(poolKernel / 2 + 1);
            int pooled = (length + 2 * poolPadding - poolKernel) / poolStride + 1;
            if (random.nextBoolean() && pooled >= 1) {
                b.add(new MaxPool1d(poolKernel, poolStride, poolPadding));
                length = pooled;
            }
            if (random.nextInt(3) == 0) {
                b.add(new Dropout(0.25f));
            }
            if (random.nextBoolean()) {
                net.add(b);
            } else {
                b.layers().forEach(net::add);
            }
            channels = out;
        }
        int classes = 2 + random.nextInt(5);
        net.add(new Flatten());
        if (random.nextBoolean()) {
            net.add(new Linear(channels * length, classes, random.nextBoolean(), CPU, gen));
        } else {
            net.add(new Linear(channels * length, 8, true, CPU, gen))
                    .add(new BatchNorm1d(8, 1e-5f, 0.1f, true, true, CPU))
                    .add(new ReLU())
                    .add(new Linear(8, classes, true, CPU, gen));
        }
        return new RandomNetwork(net, inputShape);
    }
}
