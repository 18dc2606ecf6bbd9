package dev.cochlea.examples.speech;

import static dev.cochlea.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Autograd;
import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.inference.Inference;
import dev.cochlea.inference.InferencePlan;
import dev.cochlea.inference.NormStatistics;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Sequential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The speech models compiled for inference on the best backend (cpu in the build) equal their evaluation-mode forward
 * within 1e-5 of the output's largest magnitude: the seed network (batch norm folded into six convolutions, every
 * block one fused kernel) and the mel model (a leading batch norm that stays a layer, padded convolutions, a block
 * without pooling, a global max pool and dropout), with trained-looking statistics and with a trained checkpoint.
 * On the cpu backend the seed network's batch of 3 runs sample by sample (its widest activation, 1 MB a sample,
 * fills the backend's inference working set), so that path is checked too.
 */
class InferencePlanSpeechTest {
    private static final double TOLERANCE = 1e-5;

    private static void assertPlanMatches(Sequential model, int... shape) {
        model.eval();
        Tensor x = Tensor.uniform(Backends.best(), new Generator(2), -1, 1, shape);
        float[] expected = Autograd.noGrad(() -> model.forward(x)).toFloatArray();
        try (InferencePlan plan = Inference.compile(model)) {
            assertClose(expected, plan.forward(x).toFloatArray(), TOLERANCE, "plan of\n" + plan.describe());
            assertClose(expected, plan.forward(x.toFloatArray(), shape), TOLERANCE, "host path");
        }
    }

    @Test
    void seedNetwork() {
        Generator.manualSeed(0);
        Sequential seed = SpeechNets.seed(10);
        NormStatistics.randomize(seed, 1);
        assertPlanMatches(seed, 1, 1, SpeechNets.SEED_INPUT_LENGTH);
        assertPlanMatches(seed, 3, 1, SpeechNets.SEED_INPUT_LENGTH);
        String plan = Inference.compile(seed).describe();
        assertTrue(plan.contains("20-23") && plan.lines().count() == 1 + 6 + 2, plan);
    }

    @Test
    void melModel() {
        Generator.manualSeed(0);
        Sequential mel = SpeechNets.mel(10, SpeechNets.MEL_BANDS);
        NormStatistics.randomize(mel, 2);
        assertPlanMatches(mel, 1, SpeechNets.MEL_BANDS, 201);
        assertPlanMatches(mel, 2, SpeechNets.MEL_BANDS, 57);
    }

    @Test
    void trainedMelCheckpoint() throws IOException {
        Path file = Files.createTempFile("mel", ".safetensors");
        try {
            TestResources.copy(TestResources.FSDD_MEL_CHECKPOINT, file);
            Sequential mel = SpeechNets.mel(10, SpeechNets.MEL_BANDS);
            Checkpoints.load(mel, file);
            Tensor features = Tensor.uniform(Backends.best(), new Generator(3), -80, 0, 2, SpeechNets.MEL_BANDS, 201);
            mel.eval();
            float[] expected = Autograd.noGrad(() -> mel.forward(features)).toFloatArray();
            assertClose(expected, Inference.compile(mel).forward(features).toFloatArray(), TOLERANCE, "trained mel");
        } finally {
            Files.delete(file);
        }
    }
}
