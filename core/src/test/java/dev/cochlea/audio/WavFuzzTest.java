package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.cochlea.data.ClipPreparer;
import dev.cochlea.fuzz.MutationFuzzer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the WAV reader: every mutant of a few valid files must decode or fail with an
 * {@link AudioFormatException}, never with another exception, an Error or a hang. The run is bounded (about 15 s or
 * 40,000 inputs); a failing input is written to target/fuzz-failures and named in the failure.
 */
class WavFuzzTest {
    private static final ClipPreparer PREPARER = new ClipPreparer(16000, 4000);

    private static byte[] extensible24() {
        ByteBuffer ext = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        ext.put(WavBytes.fmt(0xFFFE, 2, 44100, 24))
                .putShort((short) 22)
                .putShort((short) 24)
                .putInt(3);
        ext.putShort((short) 1).put(new byte[] {
            0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
        });
        byte[] data = new byte[6 * 50];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 37);
        }
        return WavBytes.riff(
                WavBytes.chunk("fmt ", ext.array()),
                WavBytes.chunk("LIST", new byte[] {1, 2, 3}),
                WavBytes.chunk("data", data));
    }

    @Test
    void everyMutantDecodesOrFailsWithAudioFormatException() {
        short[] tone = new short[300];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(i / 5.0));
        }
        List<byte[]> seeds = List.of(
                WavBytes.pcm16(8000, tone),
                WavBytes.float32(0.1f, -0.2f, 0.3f, 0.25f),
                extensible24(),
                Wav.toBytes(new AudioClip(new float[][] {{0.5f, -0.5f}, {0.25f, 0f}}, 22050), SampleEncoding.PCM_U8));
        MutationFuzzer fuzzer = new MutationFuzzer("wav", 20251206L, seeds, AudioFormatException.class);
        assertTimeoutPreemptively(
                Duration.ofSeconds(120),
                () -> fuzzer.run(40_000, Duration.ofSeconds(15), bytes -> {
                    AudioClip clip = Wav.read(bytes, "fuzz");
                    PREPARER.prepare(clip); // the resampler must cope with whatever rate the header allowed
                }));
    }
}
