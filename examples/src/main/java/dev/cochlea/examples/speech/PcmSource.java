package dev.cochlea.examples.speech;

import java.io.IOException;
import java.io.InputStream;

/**
 * Raw PCM from a stream (standard input, a microphone line): signed 16-bit little-endian mono samples, the format of
 * {@code arecord -f S16_LE -c 1 -r 16000 -t raw} and {@code sox ... -t raw -e signed -b 16 -c 1 -}, scaled by
 * 1/32768 as WAV decoding does. Feeds a {@link Listener} chunk by chunk until the stream ends or the sample limit.
 */
final class PcmSource {
    private PcmSource() {}

    /** Reads until end of stream or {@code maxSamples} (negative: no limit); returns the samples read. */
    static long pump(InputStream in, Listener listener, long maxSamples) throws IOException {
        byte[] bytes = new byte[6400];
        float[] samples = new float[bytes.length / 2];
        int carry = 0;
        long total = 0;
        while (maxSamples < 0 || total < maxSamples) {
            int n = in.read(bytes, carry, bytes.length - carry);
            if (n < 0) {
                break;
            }
            int available = carry + n;
            int count = available / 2;
            if (maxSamples >= 0) {
                count = (int) Math.min(count, maxSamples - total);
            }
            for (int i = 0; i < count; i++) {
                samples[i] = (short) ((bytes[2 * i] & 0xff) | (bytes[2 * i + 1] << 8)) / 32768f;
            }
            listener.accept(samples, 0, count);
            total += count;
            carry = available - 2 * count;
            System.arraycopy(bytes, 2 * count, bytes, 0, carry);
        }
        return total;
    }
}
