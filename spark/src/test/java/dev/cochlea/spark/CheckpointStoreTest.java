package dev.cochlea.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Losses;
import dev.cochlea.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
    @TempDir
    Path temp;

    @Test
    void savesAtomicallyKeepsTheTwoNewestAndRestoresModelOptimizerAndProgress() throws Exception {
        SharedStorage storage = new SharedStorage(Map.of());
        String root = temp.resolve("run").resolve("checkpoints").toUri().toString();
        CheckpointStore store = new CheckpointStore(storage, root, Files.createDirectories(temp.resolve("scratch")));
        assertEquals(Optional.empty(), store.latestStep());

        Generator.manualSeed(3);
        Linear model = new Linear(4, 2);
        Adam optimizer = new Adam(model.parameters(), 0.01f);
        for (long step = 1; step <= 3; step++) {
            Tensor loss = Losses.crossEntropy(model.forward(Tensor.ones(3, 4)), Tensor.labels(0, 1, 1));
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            store.save(model, optimizer, new TrainingProgress(0, (int) step, step, 0.5, 1));
        }
        // A checkpoint that was still being written when its rank died is never read.
        Files.createDirectories(temp.resolve("run/checkpoints/.tmp-step-000000004-1"));

        assertEquals(Optional.of(3L), store.latestStep());
        assertEquals(
                List.of("step-000000002", "step-000000003"),
                storage.list(root).stream()
                        .filter(n -> n.startsWith("step-"))
                        .sorted()
                        .toList());
        Linear restored = new Linear(4, 2);
        Adam restoredOptimizer = new Adam(restored.parameters(), 0.5f);
        TrainingProgress progress = store.load(3, restored, restoredOptimizer);
        assertEquals(new TrainingProgress(0, 3, 3, 0.5, 1), progress);
        assertArrayEquals(
                model.parameters().get(0).toFloatArray(),
                restored.parameters().get(0).toFloatArray());
        assertEquals(
                optimizer.stateDict().keySet(), restoredOptimizer.stateDict().keySet());
        assertArrayEquals(
                optimizer.stateDict().get("0.exp_avg").toFloatArray(),
                restoredOptimizer.stateDict().get("0.exp_avg").toFloatArray());
        assertEquals(0.01f, restoredOptimizer.lr());
    }
}
