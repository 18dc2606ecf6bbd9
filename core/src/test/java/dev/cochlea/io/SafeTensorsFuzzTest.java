package dev.cochlea.io;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cochlea.fuzz.MutationFuzzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of the safetensors reader: every mutant of a few valid checkpoints must load or fail with a
 * {@link CheckpointException}, never with another exception, an Error or a hang. Bounded to about 15 s or 40,000
 * inputs; a failing input is saved under target/fuzz-failures.
 */
class SafeTensorsFuzzTest {
    @TempDir
    Path dir;

    private byte[] written(Map<String, HostArray> tensors, Map<String, String> metadata) throws IOException {
        Path file = dir.resolve("seed.safetensors");
        SafeTensors.write(file, tensors, metadata);
        return Files.readAllBytes(file);
    }

    @Test
    void everyMutantLoadsOrFailsWithCheckpointException() throws IOException {
        Map<String, HostArray> model = new LinkedHashMap<>();
        model.put("0.weight", HostArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        model.put("0.bias", HostArray.ofFloats(new float[] {0.5f, -0.5f}, 2));
        model.put("1.num_batches_tracked", HostArray.ofLongs(new long[] {7}));
        byte[] half = SafeTensorsStrictTest.file(
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1,1],\"data_offsets\":[4,6]},"
                        + "\"u\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[6,8]}}",
                8);
        List<byte[]> seeds = List.of(
                written(model, Map.of("labels", "[\"a\",\"b\"]", "epoch", "3")),
                written(Map.of("x", HostArray.ofLongs(new long[] {1, 2}, 2)), Map.of()),
                half);
        MutationFuzzer fuzzer = new MutationFuzzer("safetensors", 20251206L, seeds, CheckpointException.class);
        assertTimeoutPreemptively(
                Duration.ofSeconds(120),
                () -> fuzzer.run(
                        40_000, Duration.ofSeconds(15), bytes -> SafeTensors.parse(bytes, "fuzz.safetensors")));
    }
}
