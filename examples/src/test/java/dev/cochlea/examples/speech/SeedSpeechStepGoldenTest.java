package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.fail;

import dev.cochlea.Golden;
import dev.cochlea.Tensor;
import dev.cochlea.data.ClipPreparer;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One training step of the seed network on 32 clips of real (synthetic-voice) speech from the committed demo corpus,
 * against the same step computed in float64 by PyTorch (tools/golden/make_golden.py, seed_speech_step). Speech has
 * silences and zero padding, so max-pool windows hold near-ties and the batch statistics sum long, cancelling rows:
 * float rounding there moves gradients to other positions, which the uniform-noise input of
 * {@link SeedNetworkGoldenTest} never exercises. Float32 cannot match float64 exactly, so each tensor may be off by
 * three times what PyTorch's own float32 step is off by (stored with the golden values), and never less than a floor
 * of 2e-4 of the tensor's scale (1e-5 for the running statistics); the issue allows 1e-3 for a whole step.
 */
class SeedSpeechStepGoldenTest {
    private static final double TIMES_PYTORCH = 3;
    private static final double FLOOR = 2e-4;
    private static final double STATS_FLOOR = 1e-5;
    private static final Path CORPUS = Path.of("demo-data");

    private static final Backend DEFAULT = Backends.best();

    @AfterEach
    void restoreDefaults() {
        Sequential.setFusion(true);
        Backends.setDefault(DEFAULT);
    }

    @ParameterizedTest(name = "{0}, fusion {1}")
    @MethodSource("dev.cochlea.examples.speech.SeedNetworkGoldenTest#backendsAndFusion")
    void trainingStepOnSpeechMatchesFloat64(String backendName, boolean fusion) throws IOException {
        Sequential.setFusion(fusion);
        Backend backend = Backends.get(backendName);
        Backends.setDefault(backend);
        Golden golden = Golden.load("seed_speech_step");
        Sequential model = SpeechNets.seed(golden.metaInt("classes"));
        SeedInit.apply(model);
        model.train();

        Tensor logits = model.forward(speechBatch(golden, backend));
        Tensor loss = Losses.crossEntropy(logits, golden.tensor("labels"));
        loss.backward();

        List<String> failures = new ArrayList<>();
        check(golden, "logits", logits.toFloatArray(), FLOOR, failures);
        check(golden, "loss", loss.toFloatArray(), FLOOR, failures);
        model.namedParameters()
                .forEach((name, p) -> check(golden, "grad." + name, p.grad().toFloatArray(), FLOOR, failures));
        model.stateDict().forEach((name, t) -> {
            if (name.contains("running_")) {
                check(golden, "after." + name, t.toFloatArray(), STATS_FLOOR, failures);
            }
        });
        if (!failures.isEmpty()) {
            fail(failures.size() + " tensors off:\n" + String.join("\n", failures));
        }
    }

    /** The clips listed in the golden file, prepared as the speech example prepares them. */
    private static Tensor speechBatch(Golden golden, Backend backend) throws IOException {
        List<String> files = Arrays.asList(golden.meta("files").split(","));
        ClipPreparer preparer = new ClipPreparer(SpeechNets.SAMPLE_RATE, SpeechNets.SEED_INPUT_LENGTH);
        int length = SpeechNets.SEED_INPUT_LENGTH;
        float[] x = new float[files.size() * length];
        for (int i = 0; i < files.size(); i++) {
            System.arraycopy(preparer.prepare(CORPUS.resolve(files.get(i))), 0, x, i * length, length);
        }
        return Tensor.of(backend, x, files.size(), 1, length);
    }

    private static void check(Golden golden, String name, float[] actual, double floor, List<String> failures) {
        float[] expected = golden.floats(name);
        double pytorch = Double.parseDouble(golden.meta("pytorch_float32_deviation." + name));
        double tolerance = Math.max(TIMES_PYTORCH * pytorch, floor);
        double scale = 1e-30;
        double worst = 0;
        int at = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double d = Math.abs((double) actual[i] - expected[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double relative = worst / scale;

        if (!(relative <= tolerance)) {
            failures.add(String.format(
                    "%s: off by %.3g of its scale at [%d] (expected %g, got %g); allowed %.3g "
                            + "(PyTorch float32 is off by %.3g)",
                    name, relative, at, expected[at], actual[at], tolerance, pytorch));
        }
    }
}
