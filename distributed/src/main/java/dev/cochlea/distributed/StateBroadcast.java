package dev.cochlea.distributed;

import dev.cochlea.Tensor;
import dev.cochlea.kernels.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Copies a fixed list of tensors (parameters, buffers; float32 or int32) from one rank to all others in a single
 * broadcast: their bytes are packed into one message, so a model's state costs one round of latency, not one per
 * tensor.
 */
final class StateBroadcast {
    private final List<Tensor> tensors;
    private final byte[] message;

    StateBroadcast(List<Tensor> tensors) {
        this.tensors = List.copyOf(tensors);
        long bytes = 0;
        for (Tensor t : tensors) {
            bytes += t.size() * t.dtype().bytes();
        }
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the state to broadcast exceeds 2 GiB: " + bytes + " bytes");
        }
        message = new byte[(int) bytes];
    }

    /** Makes every rank's tensors equal to rank {@code root}'s. */
    void run(Collective collective, int root) {
        if (collective.worldSize() == 1 || message.length == 0) {
            return;
        }
        ByteBuffer packed = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        if (collective.rank() == root) {
            for (Tensor t : tensors) {
                if (t.dtype() == DType.INT32) {
                    packed.asIntBuffer().put(t.toIntArray());
                } else {
                    packed.asFloatBuffer().put(t.toFloatArray());
                }
                packed.position(packed.position() + (int) t.size() * 4);
            }
        }
        collective.broadcast(message, root);
        if (collective.rank() != root) {
            packed.clear();
            for (Tensor t : tensors) {
                int n = (int) t.size();
                if (t.dtype() == DType.INT32) {
                    int[] values = new int[n];
                    packed.asIntBuffer().get(values);
                    t.backend().upload(values, 0, t.buffer(), 0, n);
                } else {
                    float[] values = new float[n];
                    packed.asFloatBuffer().get(values);
                    t.backend().upload(values, 0, t.buffer(), 0, n);
                }
                packed.position(packed.position() + n * 4);
            }
        }
    }
}
