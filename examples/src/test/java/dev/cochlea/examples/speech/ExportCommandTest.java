package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cochlea.Autograd;
import dev.cochlea.Tensor;
import dev.cochlea.data.ClipPreparer;
import dev.cochlea.data.Example;
import dev.cochlea.data.FsddLocation;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.nn.Sequential;
import dev.cochlea.onnx.OrtModel;
import dev.cochlea.onnx.RandomWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} then ONNX Runtime reproduces {@code predict --json}: on one real FSDD clip per digit, the softmax of
 * the exported model's logits equals predict's probabilities within 1e-4, for the seed network (PyTorch's trained
 * checkpoint from tools/golden) and for the mel model (random weights, its features computed as predict computes
 * them). Skipped, with a message, where FSDD is absent.
 */
class ExportCommandTest {
    private static final List<String> DIGITS =
            List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

    @TempDir
    Path dir;

    @Test
    void seedExportReproducesPredictOnFsdd() throws Exception {
        Path checkpoint = TestResources.copy(TestResources.PYTORCH_SEED_CHECKPOINT, dir.resolve("seed.safetensors"));
        assertExportReproducesPredict(checkpoint, "seed");
    }

    @Test
    void melExportReproducesPredictOnFsdd() throws Exception {
        Sequential mel = SpeechNets.mel(DIGITS.size(), SpeechNets.MEL_BANDS);
        RandomWeights.randomise(mel, new SplittableRandom(11));
        // the first BatchNorm reads dB values in [-80, 0]: statistics of that scale keep the logits informative
        Autograd.noGrad(() -> {
            Tensor mean = mel.stateDict().get("0.running_mean");
            Tensor var = mel.stateDict().get("0.running_var");
            mean.copyFrom(Tensor.full(mean.backend(), -45f, mean.shape()));
            var.copyFrom(Tensor.full(var.backend(), 300f, var.shape()));
        });
        Path checkpoint = dir.resolve("mel.safetensors");
        Checkpoints.save(mel, checkpoint);
        assertExportReproducesPredict(checkpoint, "mel");
    }

    @Test
    void modelOptionIsCheckedAgainstTheCheckpoint() throws Exception {
        Path checkpoint = TestResources.copy(TestResources.PYTORCH_SEED_CHECKPOINT, dir.resolve("seed.safetensors"));
        Path onnx = dir.resolve("out.onnx");
        SpeechCliTest.Result r = SpeechCliTest.cli(
                "export", "--checkpoint", checkpoint.toString(), "--model", "mel", "--onnx", onnx.toString());
        assertEquals(1, r.status());
        assertEquals(
                "error: " + checkpoint + " holds a seed model, not mel", r.err().strip());
        assertTrue(Files.notExists(onnx));
    }

    private void assertExportReproducesPredict(Path checkpoint, String model) throws Exception {
        List<Path> clips = oneClipPerDigit();
        Path labels = Files.write(dir.resolve("labels.txt"), DIGITS);
        Path onnx = dir.resolve(model + ".onnx");
        SpeechCliTest.Result exported = SpeechCliTest.cli(
                "export", "--checkpoint", checkpoint.toString(), "--model", model, "--onnx", onnx.toString());
        assertEquals(0, exported.status(), exported.err());
        assertTrue(exported.out().startsWith("wrote " + onnx + " ("), exported.out());

        List<String> predictArgs = new ArrayList<>(
                List.of(TinyCorpus.modelArgs("predict", checkpoint, labels, "--json", "--backend", "cpu")));
        clips.forEach(c -> predictArgs.add(c.toString()));
        SpeechCliTest.Result predicted = SpeechCliTest.cli(predictArgs.toArray(String[]::new));
        assertEquals(0, predicted.status(), predicted.err());
        List<String> lines = predicted.out().lines().toList();
        assertEquals(clips.size(), lines.size(), predicted.out());

        ModelSpec spec = ModelSpec.fromCheckpoint(checkpoint, null);
        ClipPreparer preparer = new ClipPreparer(spec.sampleRate(), spec.inputLength());
        try (OrtModel ort = new OrtModel(onnx)) {
            assertEquals(
                    new com.google.gson.Gson().toJson(DIGITS), ort.metadata().get("labels"));
            for (int i = 0; i < clips.size(); i++) {
                Example features = spec.features()
                        .apply(Example.waveform(preparer.prepare(clips.get(i)), 0), new SplittableRandom(0));
                int[] shape = new int[features.shape().length + 1];
                shape[0] = 1;
                System.arraycopy(features.shape(), 0, shape, 1, features.shape().length);
                double[] p = ReferenceSoftmax.of(ort.run(features.data(), shape).values());
                JsonObject line = JsonParser.parseString(lines.get(i)).getAsJsonObject();
                JsonArray expected = line.getAsJsonArray("probabilities");
                for (int k = 0; k < p.length; k++) {
                    assertEquals(expected.get(k).getAsDouble(), p[k], 1e-4, clips.get(i) + ": " + DIGITS.get(k));
                }
            }
        }
    }

    private static List<Path> oneClipPerDigit() throws Exception {
        Path root = FsddLocation.require("the export-versus-predict test on real clips");
        List<Path> clips = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("recordings"))) {
            List<Path> sorted =
                    files.filter(f -> f.toString().endsWith(".wav")).sorted().toList();
            for (int digit = 0; digit < 10; digit++) {
                String prefix = digit + "_";
                sorted.stream()
                        .filter(f -> f.getFileName().toString().startsWith(prefix))
                        .findFirst()
                        .ifPresent(clips::add);
            }
        }
        assumeTrue(!clips.isEmpty(), "FSDD at " + root + " has no recordings; skipping");
        return clips;
    }
}
