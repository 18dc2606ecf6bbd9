package dev.cochlea.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.Generator;
import dev.cochlea.Tensor;
import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Conv1d;
import dev.cochlea.nn.Flatten;
import dev.cochlea.nn.Linear;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Sequential;
import dev.cochlea.optim.Adam;
import dev.cochlea.optim.Optimizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {
    @TempDir
    Path dir;

    private static Sequential model() {
        return new Sequential(new Conv1d(2, 3, 3), new BatchNorm1d(3), new Flatten(), new Linear(3 * 4, 2));
    }

    @Test
    void roundTripRestoresEveryTensorAndLeavesNoTemporaryFile() throws IOException {
        Sequential a = model();
        a.forward(Tensor.uniform(dev.cochlea.kernels.Backends.best(), new Generator(1), -1, 1, 4, 2, 6));
        Path file = dir.resolve("model.safetensors");
        Checkpoints.save(a, file);
        Sequential b = model();
        Checkpoints.load(b, file);
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            Tensor other = b.stateDict().get(e.getKey());
            if (e.getValue().dtype() == dev.cochlea.kernels.DType.INT32) {
                assertArrayEquals(e.getValue().toIntArray(), other.toIntArray(), e.getKey());
            } else {
                assertArrayEquals(e.getValue().toFloatArray(), other.toFloatArray(), 0f, e.getKey());
            }
        }
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "only the checkpoint itself remains");
        }
        SafeTensors.Contents raw = SafeTensors.read(file);
        assertEquals(StoredDType.I64, raw.tensors().get("1.num_batches_tracked").dtype(), "stored as PyTorch's int64");
        assertEquals(1L, raw.tensors().get("1.num_batches_tracked").longs()[0]);
    }

    @Test
    void sameTensorsAndMetadataGiveTheSameBytesWhateverTheMapOrder() throws IOException {
        Map<String, HostArray> tensors = new java.util.LinkedHashMap<>();
        tensors.put("w", HostArray.ofFloats(new float[] {1f, 2f}, 2));
        Map<String, String> ab = new java.util.LinkedHashMap<>();
        ab.put("a", "1");
        ab.put("b", "2");
        Map<String, String> ba = new java.util.LinkedHashMap<>();
        ba.put("b", "2");
        ba.put("a", "1");
        Path first = dir.resolve("ab.safetensors");
        Path second = dir.resolve("ba.safetensors");
        SafeTensors.write(first, tensors, ab);
        SafeTensors.write(second, tensors, ba);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void missingExtraAndMisShapedTensorsAreEachNamed() throws IOException {
        Path file = dir.resolve("other.safetensors");
        Map<String, HostArray> tensors = new java.util.LinkedHashMap<>(Checkpoints.toHost(model().stateDict()));
        tensors.remove("0.bias");
        tensors.put("3.weight", HostArray.ofFloats(new float[2 * 5], 2, 5));
        tensors.put("extra.thing", HostArray.ofFloats(new float[1], 1));
        SafeTensors.write(file, tensors, Map.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(), file));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertTrue(m.contains("missing key '0.bias'"), m);
        assertTrue(m.contains("unexpected key 'extra.thing'"), m);
        assertTrue(m.contains("size mismatch for '3.weight'") && m.contains("[2, 12]") && m.contains("[2, 5]"), m);
    }

    @Test
    void truncatedAndCorruptFilesGiveClearErrors() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Checkpoints.save(model(), good);
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 10));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(), truncated));
        assertTrue(
                e.getMessage().contains("truncated") && e.getMessage().contains(truncated.toString()), e.getMessage());

        Path garbage = dir.resolve("garbage.safetensors");
        Files.write(garbage, "this is not a checkpoint at all".getBytes());
        e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(), garbage));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());

        Path badJson = dir.resolve("badjson.safetensors");
        byte[] broken = bytes.clone();
        broken[8] = 'x';
        Files.write(badJson, broken);
        e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(), badJson));
        assertTrue(e.getMessage().contains("corrupt JSON header"), e.getMessage());

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[3]);
        e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(), tiny));
        assertTrue(e.getMessage().contains("not a safetensors file"), e.getMessage());

        Path missing = dir.resolve("missing.safetensors");
        e = assertThrows(CheckpointException.class, () -> Checkpoints.load(model(), missing));
        assertTrue(
                e.getMessage().contains("cannot read") && e.getMessage().contains("missing.safetensors"),
                e.getMessage());
    }

    @Test
    void halfPrecisionAndBfloat16AreReadAsFloat() throws CheckpointException {
        assertEquals(1.0f, StoredDType.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, StoredDType.halfToFloat((short) 0xC000));
        assertEquals(5.9604645e-8f, StoredDType.halfToFloat((short) 0x0001));
        assertTrue(Float.isInfinite(StoredDType.halfToFloat((short) 0x7C00)));
        String header = "{\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}";
        java.nio.ByteBuffer b =
                java.nio.ByteBuffer.allocate(8 + header.length() + 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length()).put(header.getBytes()).putShort((short) 0x3FC0);
        assertEquals(
                1.5f, SafeTensors.parse(b.array(), "mem").tensors().get("a").floats()[0]);
    }

    @Test
    void optimizerStateResumesExactly() throws IOException {
        Generator.manualSeed(4);
        Sequential a = model();
        Sequential b = model();
        b.loadStateDict(a.stateDict());
        Tensor x = Tensor.uniform(dev.cochlea.kernels.Backends.best(), new Generator(2), -1, 1, 4, 2, 6);
        Tensor y = Tensor.labels(0, 1, 1, 0);
        Optimizer optA = new Adam(a.parameters(), 1e-2f);
        for (int i = 0; i < 3; i++) {
            step(a, optA, x, y);
        }
        Optimizer optB = new Adam(b.parameters(), 1e-2f);
        for (int i = 0; i < 2; i++) {
            step(b, optB, x, y);
        }
        Checkpoints.save(b, dir.resolve("b.safetensors"));
        Checkpoints.saveOptimizer(optB, dir.resolve("b.optim.safetensors"));
        Sequential resumed = model();
        Checkpoints.load(resumed, dir.resolve("b.safetensors"));
        Optimizer optResumed = new Adam(resumed.parameters(), 1e-2f);
        Checkpoints.loadOptimizer(optResumed, dir.resolve("b.optim.safetensors"));
        step(resumed, optResumed, x, y);
        assertArrayEquals(
                a.stateDict().get("3.weight").toFloatArray(),
                resumed.stateDict().get("3.weight").toFloatArray(),
                0f,
                "two steps + save/load + one step == three steps");
    }

    private static void step(Sequential model, Optimizer opt, Tensor x, Tensor y) {
        opt.zeroGrad();
        Losses.crossEntropy(model.forward(x), y).backward();
        opt.step();
    }
}
