package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.cochlea.Golden;
import dev.cochlea.audio.SampleEncoding;
import dev.cochlea.audio.Wav;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} on a checkpoint written by PyTorch (tools/golden: the 10-class seed network trained 20 steps):
 * the clip is PyTorch's own stored input, written as a 16 kHz float WAV, so the probabilities must be the softmax of
 * the logits PyTorch computed for it (within 1e-4).
 */
class PredictPyTorchCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void predictReproducesPyTorchsProbabilities() throws Exception {
        Path checkpoint = TestResources.copy(TestResources.PYTORCH_SEED_CHECKPOINT, dir.resolve("pytorch.safetensors"));
        List<String> labels = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        Path labelsFile = Files.write(dir.resolve("labels.txt"), labels);
        Golden golden = Golden.load("seed_pytorch_logits");
        float[] clip = Arrays.copyOf(golden.floats("input"), SpeechNets.SEED_INPUT_LENGTH);
        Path wav = dir.resolve("clip.wav");
        Wav.write(wav, clip, SpeechNets.SAMPLE_RATE, SampleEncoding.FLOAT32);

        SpeechCliTest.Result r =
                SpeechCliTest.cli(TinyCorpus.modelArgs("predict", checkpoint, labelsFile, "--json", wav.toString()));
        assertEquals(0, r.status(), r.err());
        JsonObject o = JsonParser.parseString(r.out().lines().findFirst().orElseThrow())
                .getAsJsonObject();
        JsonArray p = o.getAsJsonArray("probabilities");
        double[] expected = ReferenceSoftmax.of(Arrays.copyOf(golden.floats("logits"), labels.size()));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], p.get(i).getAsDouble(), 1e-4, "probability of " + labels.get(i));
        }
    }
}
