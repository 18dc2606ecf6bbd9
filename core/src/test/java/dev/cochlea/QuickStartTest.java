package dev.cochlea;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.io.Checkpoints;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.MaxPool1d;
import dev.cochlea.nn.ReLU;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick-start, kept compiling and working: a tiny conv net memorises 16 random clips. */
class QuickStartTest {
    @TempDir
    Path dir;

    @Test
    void readmeQuickStartTrainsAndSaves() throws Exception {
        Generator.manualSeed(0);
        var model = new Sequential(
                new Conv1d(1, 8, 9, /*bias*/ false),
                new BatchNorm1d(8),
                new ReLU(),
                new MaxPool1d(4),
                new Flatten(),
                new Linear(8 * 28, 3));
        var optimizer = new Adam(model.parameters(), 1e-3f);
        Tensor x = Tensor.randn(new Generator(1), 16, 1, 120);
        Tensor y = Tensor.labels(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
        float first = 0;
        float last = 0;
        for (int step = 0; step < 100; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor loss = Losses.crossEntropy(model.forward(x), y);
                optimizer.zeroGrad();
                loss.backward();
                optimizer.step();
                last = loss.item();
                if (step == 0) {
                    first = last;
                }
            }
        }
        assertTrue(last < first * 0.5, "loss fell from " + first + " to " + last);
        model.eval();
        int[] predicted = Autograd.noGrad(() -> model.forward(x).argmax()).toIntArray();
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == y.toIntArray()[i] ? 1 : 0;
        }
        assertTrue(correct >= 12, "memorised " + correct + " of 16 in eval mode");
        Path file = dir.resolve("tiny.safetensors");
        Checkpoints.save(model, file);
        assertTrue(Files.size(file) > 0);
        assertEquals(1, model.forward(x).rank() - 1);
    }
}
