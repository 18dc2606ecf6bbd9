package dev.cochlea.audio;

import static dev.cochlea.audio.WavBytes.chunk;
import static dev.cochlea.audio.WavBytes.fmt;
import static dev.cochlea.audio.WavBytes.riff;
import static dev.cochlea.audio.WavBytes.wav;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a file can be unreadable: the exception names the file and says why. */
class WavErrorTest {
    @TempDir
    Path dir;

    private AudioFormatException failure(String fileName, byte[] bytes) throws IOException {
        Path file = dir.resolve(fileName);
        Files.write(file, bytes);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Wav.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "message names the file: " + e.getMessage());
        AudioFormatException probe = assertThrows(AudioFormatException.class, () -> Wav.probe(file));
        assertEquals(e.getMessage(), probe.getMessage());
        return e;
    }

    private static void assertReason(String reason, AudioFormatException e) {
        assertTrue(e.getMessage().endsWith(": " + reason), "expected reason '" + reason + "' in: " + e.getMessage());
    }

    @Test
    void wrongMagic() throws IOException {
        byte[] mp3 = "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertReason(
                "not a RIFF/WAVE file (starts with 'ID3\\x04' ... '\\x00\\x00\\x00\\x00')", failure("song.mp3", mp3));
        byte[] avi = riff(chunk("data", new byte[4]));
        System.arraycopy("AVI ".getBytes(StandardCharsets.US_ASCII), 0, avi, 8, 4);
        assertReason("not a RIFF/WAVE file (starts with 'RIFF' ... 'AVI ')", failure("movie.avi", avi));
    }

    @Test
    void tooShortToBeAWav() throws IOException {
        assertReason("not a RIFF/WAVE file (only 0 bytes)", failure("empty.wav", new byte[0]));
        assertReason(
                "not a RIFF/WAVE file (only 4 bytes)", failure("four.wav", "RIFF".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void bigEndianOrRf64Container() throws IOException {
        byte[] rifx = wav(fmt(1, 1, 8000, 16), new byte[4]);
        rifx[3] = 'X';
        assertReason("unsupported container RIFX (only little-endian RIFF/WAVE is read)", failure("rifx.wav", rifx));
    }

    @Test
    void truncatedDataChunk() throws IOException {
        byte[] whole = wav(fmt(1, 1, 8000, 16), new byte[100]);
        byte[] cut = Arrays.copyOf(whole, whole.length - 30);
        assertReason("truncated data chunk: expected 100 bytes, found 70", failure("cut.wav", cut));
    }

    @Test
    void truncatedFmtChunk() throws IOException {
        byte[] whole = riff(chunk("fmt ", fmt(1, 1, 8000, 16)));
        assertReason(
                "truncated fmt chunk: expected 16 bytes, found 10",
                failure("cutfmt.wav", Arrays.copyOf(whole, whole.length - 6)));
    }

    /** A fmt chunk of 16 bytes that the reader refuses: its format tag, channels, rate or bit depth. */
    @ParameterizedTest(name = "{0}: {5}")
    @CsvSource({
        "mp3in.wav, 0x55, 1, 8000, 16, unsupported format tag 0x0055 (MPEG Layer III)",
        "ulaw.wav, 7, 1, 8000, 8, unsupported format tag 0x0007 (mu-law)",
        "odd.wav, 0x1234, 1, 8000, 8, unsupported format tag 0x1234 (unknown)",
        "pcm12.wav, 1, 1, 8000, 12, unsupported PCM bit depth 12",
        "half.wav, 3, 1, 8000, 16, unsupported IEEE float bit depth 16",
        "ext16.wav, 0xFFFE, 1, 8000, 16, 'WAVE_FORMAT_EXTENSIBLE fmt chunk too short: 16 bytes, need 40'",
        "zero.wav, 1, 0, 8000, 16, fmt chunk declares 0 channels",
        "norate.wav, 1, 1, 0, 16, invalid sample rate 0"
    })
    void refusedFmtChunks(String file, String tag, int channels, int rate, int bits, String reason) throws IOException {
        assertReason(reason, failure(file, wav(fmt(Integer.decode(tag), channels, rate, bits), new byte[4])));
    }

    @Test
    void unsupportedExtensibleSubformat() throws IOException {
        ByteBuffer ext = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        ext.put(fmt(0xFFFE, 1, 8000, 16))
                .putShort((short) 22)
                .putShort((short) 16)
                .putInt(4);
        ext.put(new byte[16]); // an all-zero GUID is not a KSDATAFORMAT_SUBTYPE
        assertReason(
                "unsupported WAVE_FORMAT_EXTENSIBLE subformat GUID", failure("ext.wav", wav(ext.array(), new byte[4])));
    }

    @Test
    void missingChunks() throws IOException {
        assertReason("no fmt chunk", failure("nofmt.wav", riff(chunk("data", new byte[4]))));
        assertReason("no data chunk", failure("nodata.wav", riff(chunk("fmt ", fmt(1, 1, 8000, 16)))));
        assertReason(
                "fmt chunk too short: 8 bytes, need at least 16", failure("tiny.wav", wav(new byte[8], new byte[4])));
    }

    @Test
    void inconsistentHeader() throws IOException {
        byte[] badAlign = fmt(1, 2, 8000, 16);
        badAlign[12] = 2; // block align 2 for two 16-bit channels
        assertReason(
                "block align 2 does not match 2 channel(s) of 16-bit samples",
                failure("align.wav", wav(badAlign, new byte[4])));
    }

    @Test
    void missingFileIsNoSuchFile() {
        Path missing = dir.resolve("absent.wav");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Wav.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void streamsAreNamedInMessages() {
        AudioFormatException e =
                assertThrows(AudioFormatException.class, () -> Wav.read(new byte[] {1, 2, 3}, "upload #7"));
        assertEquals("upload #7: not a RIFF/WAVE file (only 3 bytes)", e.getMessage());
    }

    @Test
    void trailingPartialFrameAndOddChunksAreTolerated() throws IOException {
        // 5 bytes of 16-bit data = 2 whole frames + 1 stray byte (then a pad byte); a LIST chunk after it.
        byte[] bytes = riff(
                chunk("fmt ", fmt(1, 1, 8000, 16)),
                chunk("data", new byte[] {0, 0x40, 0, (byte) 0xC0, 0x7F}),
                chunk("LIST", new byte[3]));
        AudioClip clip = Wav.read(bytes, "partial");
        assertEquals(2, clip.numFrames());
        assertEquals(0.5f, clip.channel(0)[0]);
        assertEquals(-0.5f, clip.channel(0)[1]);
    }
}
