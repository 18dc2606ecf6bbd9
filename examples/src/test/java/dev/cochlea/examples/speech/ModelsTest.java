package dev.cochlea.examples.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Autograd;
import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.data.Example;
import dev.cochlea.io.Checkpoints;
import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.nn.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsTest {
    @TempDir
    Path dir;

    @Test
    void melNetworkTakesAnyLengthOfLogMelFeatures() {
        Backend reference = Backends.get("reference");
        Generator.manualSeed(1);
        Sequential net = SpeechNets.mel(5, 16);
        net.to(reference);
        net.eval();
        for (int frames : new int[] {9, 26}) {
            Tensor x = Tensor.randn(new Generator(2), 2, 16, frames).to(reference);
            Tensor y = Autograd.noGrad(() -> net.forward(x));
            assertArrayEquals(new int[] {2, 5}, y.shape(), "frames " + frames);
        }
    }

    @Test
    void logMelFeaturesAre64BandsOf10msFramesRelativeToThePeak() {
        float[] wave = new float[16000];
        for (int i = 0; i < wave.length; i++) {
            wave[i] = (float) (0.3 * Math.sin(2 * Math.PI * 500 * i / 16000.0));
        }
        Example e = new LogMelFeatures(16000, 64).apply(Example.waveform(wave, 3), new SplittableRandom(0));
        assertArrayEquals(new int[] {64, 101}, e.shape(), "1 s at hop 160 with centring: 101 frames");
        assertEquals(3, e.label());
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float v : e.data()) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        assertEquals(0f, max, 1e-4f, "the loudest cell is 0 dB");
        assertTrue(min >= -80f - 1e-3f, "80 dB floor, got " + min);
    }

    @Test
    void checkpointsTellWhichModelTheyHold() throws IOException {
        Path seed = dir.resolve("seed.safetensors");
        Checkpoints.save(SpeechNets.seed(7), seed);
        ModelSpec s = ModelSpec.fromCheckpoint(seed, null);
        assertEquals(ModelKind.SEED, s.kind());
        assertEquals(7, s.classes());
        assertEquals(32000, s.inputLength());

        Path mel = dir.resolve("mel.safetensors");
        Checkpoints.save(SpeechNets.mel(4, 32), mel);
        ModelSpec m = ModelSpec.fromCheckpoint(mel, 8000);
        assertEquals(ModelKind.MEL, m.kind());
        assertEquals(4, m.classes());
        assertEquals(32, m.nMels());
        assertEquals(8000, m.inputLength());
    }

    @Test
    void seedSpecNeeds32000Samples() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(ModelKind.SEED, 3, 16000));
        assertTrue(e.getMessage().contains("32000"), e.getMessage());
    }
}
