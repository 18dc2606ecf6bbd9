package dev.cochlea.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every supported encoding and layout, decoded and compared with what torchaudio.load(normalize=True)
 * returned for the same file. Integer formats up to 24 bits agree exactly (both divide by a power of
 * two). torchaudio's sox backend passes 32-bit and float samples through sox's int32 representation,
 * which moves them by up to ~3e-8, so those are compared to 1e-7 (the generator checks the same files
 * against scipy, which reads them exactly, to 1e-7 too).
 */
class WavReadTest {

    @ParameterizedTest
    @CsvSource({
        "pcm_u8_8k_mono,         PCM_U8,  1, 8000,  800",
        "pcm_s16_8k_mono,        PCM_S16, 1, 8000,  800",
        "pcm_s24_16k_mono,       PCM_S24, 1, 16000, 800",
        "pcm_s32_16k_mono,       PCM_S32, 1, 16000, 800",
        "float32_44k_mono,       FLOAT32, 1, 44100, 2205",
        "float64_8k_mono,        FLOAT64, 1, 8000,  400",
        "pcm_s16_44k_stereo,     PCM_S16, 2, 44100, 2205",
        "ext_s24_16k_stereo,     PCM_S24, 2, 16000, 320",
        "ext_f32_8k_mono,        FLOAT32, 1, 8000,  160",
        "odd_chunks_u8_8k_mono,  PCM_U8,  1, 8000,  81",
    })
    void decodesLikeTorchaudio(String name, SampleEncoding encoding, int channels, int rate, int frames)
            throws IOException {
        var path = Golden.resource(name + ".wav");
        AudioClip clip = Wav.read(path);
        assertEquals(channels, clip.numChannels(), "channels");
        assertEquals(rate, clip.sampleRate(), "sample rate");
        assertEquals(frames, clip.numFrames(), "frames");
        float[][] expected = Golden.npy(name + ".npy").matrix();
        float tolerance = encoding.bitsPerSample() >= 32 ? 1e-7f : 0f;
        for (int c = 0; c < channels; c++) {
            assertArrayEquals(expected[c], clip.channel(c), tolerance, "channel " + c + " of " + name);
        }
        assertEquals(new WavFormat(encoding, channels, rate, frames), Wav.probe(path));
        try (InputStream in = Files.newInputStream(path)) {
            assertEquals(clip, Wav.read(in, name));
        }
    }

    @ParameterizedTest
    @CsvSource({"pcm_s16_44k_stereo", "ext_s24_16k_stereo"})
    void monoIsTheMeanOfTheChannels(String name) throws IOException {
        AudioClip clip = Wav.read(Golden.resource(name + ".wav"));
        float[] mono = clip.mono();
        assertEquals(clip.numFrames(), mono.length);
        for (int i = 0; i < mono.length; i++) {
            assertEquals((clip.channel(0)[i] + clip.channel(1)[i]) / 2, mono[i], 1e-7f, "frame " + i);
        }
        float[] interleaved = clip.interleaved();
        assertEquals(clip.channel(1)[3], interleaved[7]);
        assertTrue(clip.durationSeconds() > 0.01);
    }
}
