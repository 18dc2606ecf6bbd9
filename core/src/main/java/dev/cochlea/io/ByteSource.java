package dev.cochlea.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Random access to the bytes of a file or an array, so a reader (WAV, safetensors) can skip what it does not need and
 * read a file and an in-memory copy of it by the same code.
 */
public interface ByteSource {
    long size() throws IOException;

    /** Fills {@code dst} from {@code position}; fails when the source ends first. */
    void readFully(long position, ByteBuffer dst) throws IOException;

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void readFully(long position, ByteBuffer dst) throws IOException {
                if (position + dst.remaining() > bytes.length) {
                    throw new IOException("the data ends at byte " + bytes.length);
                }
                dst.put(bytes, (int) position, dst.remaining());
            }
        };
    }

    static ByteSource of(FileChannel channel) {
        return new ByteSource() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void readFully(long position, ByteBuffer dst) throws IOException {
                long at = position;
                while (dst.hasRemaining()) {
                    int n = channel.read(dst, at);
                    if (n < 0) {
                        throw new IOException("the file ended at byte " + at + " (it shrank while being read)");
                    }
                    at += n;
                }
            }
        };
    }
}
