package dev.cochlea.cuda;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Talks to a running emulator (the protocol is described in emulator_main.cpp). */
final class EmulatorProcess {
    private final Process process;
    private final OutputStream in;
    private final DataInputStream out;

    EmulatorProcess(Path binary) {
        try {
            process = new ProcessBuilder(binary.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        in = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        out = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    }

    synchronized void allocate(long id, long bytes) {
        send(command('A', 16).putLong(id).putLong(bytes), false);
    }

    synchronized void free(long id) {
        send(command('F', 8).putLong(id), false);
    }

    synchronized void write(long id, long byteOffset, ByteBuffer data) {
        send(command('W', 24).putLong(id).putLong(byteOffset).putLong(data.remaining()), false);
        send(data, true);
    }

    synchronized ByteBuffer read(long id, long byteOffset, int bytes) {
        send(command('R', 24).putLong(id).putLong(byteOffset).putLong(bytes), false);
        flush();
        byte[] data = new byte[bytes];
        try {
            out.readFully(data);
        } catch (IOException e) {
            throw new UncheckedIOException("the CUDA emulator died", e);
        }
        return ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Runs a launch whose buffer arguments are given as emulator ids (-1 for null). */
    synchronized void launch(Launch launch, List<Long> bufferIds) {
        byte[] name = launch.kernel().name().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = command('L', 4 + name.length + 24 + 40 * launch.args().size());
        b.putInt(name.length)
                .put(name)
                .putInt(launch.gridX())
                .putInt(launch.gridY())
                .putInt(launch.gridZ())
                .putInt(launch.block())
                .putInt(launch.args().size());
        int buffer = 0;
        for (int i = 0; i < launch.args().size(); i++) {
            Object arg = launch.args().get(i);
            switch (launch.kernel().params().get(i)) {
                case F32_PTR, I32_PTR, WORD_PTR, F64_PTR -> b.put((byte) 'p').putLong(bufferIds.get(buffer++));
                case I32 -> b.put((byte) 'i').putInt((Integer) arg);
                case I64, U64 -> b.put((byte) 'l').putLong((Long) arg);
                case F32 -> b.put((byte) 'f').putFloat((Float) arg);
                case SHAPE8 -> {
                    b.put((byte) 's');
                    for (int d : (int[]) arg) {
                        b.putInt(d);
                    }
                }
            }
        }
        send(b, false);
        flush();
        try {
            int status = out.readUnsignedByte();
            if (status != 'K') {
                byte[] message = new byte[Integer.reverseBytes(out.readInt())];
                out.readFully(message);
                throw new IllegalStateException(
                        "emulated " + launch.kernel() + ": " + new String(message, StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the CUDA emulator died running " + launch.kernel(), e);
        }
    }

    private static ByteBuffer command(char c, int payload) {
        return ByteBuffer.allocate(1 + payload).order(ByteOrder.LITTLE_ENDIAN).put((byte) c);
    }

    /** Sends a command built by {@link #command} (flipped here) or, when {@code data}, a ready buffer as it is. */
    private void send(ByteBuffer b, boolean data) {
        try {
            if (!data) {
                b.flip();
            }
            in.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } catch (IOException e) {
            throw new UncheckedIOException("the CUDA emulator died", e);
        }
    }

    private void flush() {
        try {
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the CUDA emulator died", e);
        }
    }
}
