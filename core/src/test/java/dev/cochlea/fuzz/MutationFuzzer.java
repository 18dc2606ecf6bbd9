package dev.cochlea.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small seeded mutation fuzzer for parsers: each input is a valid seed with a few mutations (bit flips, bytes set to
 * boundary values, 32- and 64-bit fields overwritten with sizes that overflow, ranges cut, duplicated or spliced from
 * another seed, JSON punctuation and numbers inserted). Input {@code i} depends only on the seed and {@code i}, so a
 * failure is reproducible from the iteration it names. The target may return or throw the parser's own checked
 * exception; anything else (another exception or an Error such as OutOfMemoryError or StackOverflowError) fails the
 * test, and the input is saved under target/fuzz-failures.
 */
public final class MutationFuzzer {
    private static final long[] INTERESTING = {
        0,
        1,
        2,
        7,
        8,
        16,
        255,
        256,
        0x7FFF,
        0x8000,
        0xFFFF,
        0x10000,
        16000,
        44100,
        1_000_003,
        Integer.MAX_VALUE,
        0x80000000L,
        0xFFFFFFFFL,
        Long.MAX_VALUE,
        -1,
        -8
    };
    private static final String[] TOKENS = {
        "{",
        "}",
        "[",
        "]",
        "\"",
        ",",
        ":",
        "-1",
        "1e999",
        "18446744073709551616",
        "null",
        "true",
        "\"__metadata__\"",
        "\"F32\"",
        "\"dtype\"",
        "\"shape\"",
        "\"data_offsets\"",
        "[[[[[[[[",
        "\\u0000",
        "\\ud800",
        "0",
        "4294967296"
    };

    /** What is fuzzed. */
    @FunctionalInterface
    public interface Target {
        void accept(byte[] input) throws Exception;
    }

    private final String name;
    private final long seed;
    private final List<byte[]> seeds;
    private final Class<? extends Exception> allowed;

    public MutationFuzzer(String name, long seed, List<byte[]> seeds, Class<? extends Exception> allowed) {
        this.name = name;
        this.seed = seed;
        this.seeds = seeds;
        this.allowed = allowed;
    }

    /** Runs up to {@code maxInputs} inputs or until {@code budget} has passed; returns how many ran. */
    public int run(int maxInputs, Duration budget, Target target) throws IOException {
        long deadline = System.nanoTime() + budget.toNanos();
        int i = 0;
        for (; i < maxInputs && System.nanoTime() < deadline; i++) {
            byte[] input = mutant(i);
            try {
                target.accept(input);
            } catch (Throwable t) {
                if (!allowed.isInstance(t)) {
                    Path saved = save(i, input);
                    fail(name + " fuzz input " + i + " (seed " + seed + ", saved to " + saved + ") threw " + t, t);
                }
            }
        }
        return i;
    }

    /** Input {@code index}: a seed with one to four mutations. */
    public byte[] mutant(int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            input = mutate(input, random);
        }
        return input;
    }

    private byte[] mutate(byte[] in, SplittableRandom random) {
        if (in.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(in.length);
        byte[] out = in.clone();
        switch (random.nextInt(8)) {
            case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> out[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
            case 2 -> {
                ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
                long value = INTERESTING[random.nextInt(INTERESTING.length)];
                if (random.nextBoolean() && at + 8 <= out.length) {
                    b.putLong(at, value);
                } else if (at + 4 <= out.length) {
                    b.putInt(at, (int) value);
                }
            }
            case 3 -> out = Arrays.copyOf(out, random.nextInt(out.length));
            case 4 -> {
                int length = random.nextInt(Math.min(64, out.length - at) + 1);
                out = splice(out, at, Arrays.copyOfRange(out, at, at + length));
            }
            case 5 -> {
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int from = random.nextInt(other.length);
                out = splice(out, at, Arrays.copyOfRange(other, from, Math.min(other.length, from + 32)));
            }
            case 6 -> out = splice(out, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            default -> {
                // overwrite a run of digits-or-not with a number, to hit shapes and offsets in JSON headers
                byte[] number = Long.toString(INTERESTING[random.nextInt(INTERESTING.length)])
                        .getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(number, 0, out, at, Math.min(number.length, out.length - at));
            }
        }
        return out;
    }

    private static byte[] splice(byte[] into, int at, byte[] insert) {
        byte[] out = new byte[into.length + insert.length];
        System.arraycopy(into, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(into, at, out, at + insert.length, into.length - at);
        return out;
    }

    private Path save(int index, byte[] input) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
        return Files.write(dir.resolve(name + "-" + seed + "-" + index + ".bin"), input);
    }
}
