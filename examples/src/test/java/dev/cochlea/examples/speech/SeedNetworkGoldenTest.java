package dev.cochlea.examples.speech;

import static dev.cochlea.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Golden;
import dev.cochlea.Tensor;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.io.HostArray;
import dev.cochlea.io.SafeTensors;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.DType;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed network against PyTorch 1.13 (tools/golden/make_golden.py): one full training step at batch 2 with 248
 * classes, and checkpoints in both directions, on every available backend, with the BatchNorm -> ReLU -> MaxPool
 * fusion on and off.
 */
class SeedNetworkGoldenTest {
    /** Logits, loss, gradients and running statistics: 1e-4 of each tensor's scale (the issue allows 1e-3). */
    private static final double RTOL = 1e-4;

    private static final Backend DEFAULT = Backends.best();

    @AfterEach
    void restoreDefaults() {
        Sequential.setFusion(true);
        Backends.setDefault(DEFAULT);
    }

    /** Every available backend (reference, cpu, opencl on PoCL, cuda where a GPU exists), fused and unfused. */
    static Stream<Arguments> backendsAndFusion() {
        return Backends.available().stream()
                .flatMap(b -> Stream.of(Arguments.of(b.name(), true), Arguments.of(b.name(), false)));
    }

    @ParameterizedTest(name = "{0}, fusion {1}")
    @MethodSource("backendsAndFusion")
    void oneAdamTrainingStepMatchesPyTorch(String backendName, boolean fusion) {
        Sequential.setFusion(fusion);
        Backend backend = Backends.get(backendName);
        Backends.setDefault(backend);
        Golden grads = Golden.load("seed_step_grads");
        Golden after = Golden.load("seed_step_after");
        Sequential model = SpeechNets.seed(248);
        SeedInit.apply(model);
        model.train();

        Tensor logits = model.forward(SeedInit.input(backend, 2));
        assertClose(grads.tensor("logits"), logits, RTOL, "logits");
        Tensor loss = Losses.crossEntropy(logits, grads.tensor("labels"));
        assertClose(grads.floats("loss"), loss.toFloatArray(), RTOL, "loss");
        Adam adam = new Adam(model.parameters(), 1e-3f);
        adam.zeroGrad();
        loss.backward();
        model.namedParameters()
                .forEach((name, p) -> assertClose(grads.tensor("grad." + name), p.grad(), RTOL, "grad." + name));

        adam.step();
        model.stateDict().forEach((name, t) -> {
            if (t.dtype() == DType.INT32) {
                assertArrayEquals(after.ints("after." + name), t.toIntArray(), name);
            } else if (name.contains("running_")) {
                assertClose(after.tensor("after." + name), t, RTOL, "after." + name);
            } else {
                assertParameterAfterAdam(
                        after.floats("after." + name), t.toFloatArray(), grads.floats("grad." + name), name);
            }
        });
    }

    /**
     * Adam's first step moves every element by about lr = 1e-3 in the direction of its gradient's sign, so an element
     * whose gradient is float32 noise (|g| below 1e-4 of the tensor's largest gradient, the tolerance the gradients
     * are checked with) may legitimately move the other way: it is allowed 2 lr. Every other element must agree
     * within 1e-4.
     */
    private static void assertParameterAfterAdam(float[] expected, float[] actual, float[] pytorchGrad, String name) {
        double gradScale = 0;
        for (float g : pytorchGrad) {
            gradScale = Math.max(gradScale, Math.abs(g));
        }
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            boolean ambiguous = Math.abs(pytorchGrad[i]) < 1e-4 * gradScale;
            double tolerance = ambiguous ? 2e-3 + 1e-5 : 1e-4;
            if (!(diff <= tolerance)) {
                throw new AssertionError("after." + name + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]
                        + " (gradient " + pytorchGrad[i] + ", tolerance " + tolerance + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("availableBackends")
    void pytorchCheckpointLoadsAndGivesPyTorchsLogits(String backendName) throws IOException {
        Backends.setDefault(Backends.get(backendName));
        Sequential model = SpeechNets.seed(10);
        Checkpoints.load(model, resource("seed_pytorch_checkpoint"));
        model.eval();
        Golden expected = Golden.load("seed_pytorch_logits");
        assertClose(expected.tensor("logits"), model.forward(expected.tensor("input")), RTOL, "eval logits");
    }

    static Stream<String> availableBackends() {
        return Backends.available().stream().map(Backend::name);
    }

    /**
     * Writes a Cochlea checkpoint (after a training step, so running statistics and counters are non-trivial) and
     * the logits Cochlea computes with it; where Debian's PyTorch is installed, tools/golden/verify_checkpoint.py
     * loads the checkpoint into torch.nn.Sequential (strict) and checks it reproduces those logits.
     */
    @Test
    void cochleaCheckpointLoadsIntoPyTorch() throws Exception {
        Sequential model = SpeechNets.seed(10);
        Checkpoints.load(model, resource("seed_pytorch_checkpoint"));
        Golden io = Golden.load("seed_pytorch_logits");
        Adam adam = new Adam(model.parameters(), 1e-3f);
        Losses.crossEntropy(model.forward(io.tensor("input")), Tensor.labels(1, 7))
                .backward();
        adam.step();
        model.eval();
        Tensor logits = model.forward(io.tensor("input"));

        Path out = Files.createDirectories(Path.of("target", "golden-out"));
        Path checkpoint = out.resolve("cochlea_seed_checkpoint.safetensors");
        Path logitsFile = out.resolve("cochlea_seed_logits.safetensors");
        Checkpoints.save(model, checkpoint);
        Map<String, HostArray> saved = new LinkedHashMap<>();
        saved.put("logits", HostArray.ofFloats(logits.toFloatArray(), logits.shape()));
        SafeTensors.write(logitsFile, saved, Map.of());
        assertEquals(
                21L,
                SafeTensors.read(checkpoint)
                        .tensors()
                        .get("1.num_batches_tracked")
                        .longs()[0],
                "the counter continues from PyTorch's 20 training steps");

        Path python = Path.of("/usr/bin/python3");
        Path script = Path.of("..", "tools", "golden", "verify_checkpoint.py");
        Assumptions.assumeTrue(Files.isExecutable(python) && Files.exists(script), "no /usr/bin/python3 or script");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import torch")
                .redirectErrorStream(true)
                .start();
        Assumptions.assumeTrue(
                probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "Debian's python3-torch is not installed: skipping the PyTorch side (apt-get install python3-torch)");
        Process verify = new ProcessBuilder(
                        python.toString(), script.toString(), checkpoint.toString(), logitsFile.toString())
                .redirectErrorStream(true)
                .start();
        String report = new String(verify.getInputStream().readAllBytes());
        assertTrue(verify.waitFor(120, TimeUnit.SECONDS), "verify_checkpoint.py timed out");
        assertEquals(0, verify.exitValue(), "PyTorch rejected the Cochlea checkpoint:\n" + report);
    }

    private static Path resource(String name) throws IOException {
        try (var in = SeedNetworkGoldenTest.class.getResourceAsStream("/golden/" + name + ".safetensors")) {
            Path tmp = Files.createTempFile(name, ".safetensors");
            Files.write(tmp, in.readAllBytes());
            tmp.toFile().deleteOnExit();
            return tmp;
        }
    }
}
