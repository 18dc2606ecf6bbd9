package dev.cochlea.inference;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.ConvBlockScratch;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;

/**
 * The working memory of one plan call: two activation slots that the steps write in turn (a step reads one and writes
 * the other), a slot for the caller's host input, and the scratch of backends that do not fuse conv blocks. Each
 * buffer grows to the largest request and is then reused, so a plan called again with the same shapes allocates
 * nothing. Used by one call at a time.
 */
final class Arena implements AutoCloseable {
    static final int INPUT_SLOT = 2;

    private final Backend backend;
    private final DeviceBuffer[] slots = new DeviceBuffer[3];
    private DeviceBuffer convScratch;
    private DeviceBuffer indexScratch;

    Arena(Backend backend) {
        this.backend = backend;
    }

    /** The slot a step writes when its input lives in {@code inputSlot}. */
    static int outputSlotFor(int inputSlot) {
        return inputSlot == 0 ? 1 : 0;
    }

    DeviceBuffer slot(int index, long elements) {
        slots[index] = grown(slots[index], DType.FLOAT32, elements);
        return slots[index];
    }

    /** Scratch for {@link dev.cochlea.kernels.Kernels#conv1dBlockForward}, or null when the backend fuses blocks. */
    ConvBlockScratch convScratch(ConvBlockParams p) {
        if (backend.kernels().fusesConvBlocks()) {
            return null;
        }
        convScratch = grown(convScratch, DType.FLOAT32, p.convOutSize());
        if (p.pool() == null) {
            return new ConvBlockScratch(convScratch, null);
        }
        indexScratch = grown(indexScratch, DType.INT32, p.outSize());
        return new ConvBlockScratch(convScratch, indexScratch);
    }

    private DeviceBuffer grown(DeviceBuffer current, DType dtype, long elements) {
        if (current != null && current.size() >= elements) {
            return current;
        }
        if (current != null) {
            current.close();
        }
        return backend.allocate(dtype, elements);
    }

    /** Bytes held. */
    long bytes() {
        long n = 0;
        for (DeviceBuffer b : new DeviceBuffer[] {slots[0], slots[1], slots[2], convScratch, indexScratch}) {
            n += b == null ? 0 : b.size() * 4;
        }
        return n;
    }

    @Override
    public void close() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                slots[i].close();
                slots[i] = null;
            }
        }
        if (convScratch != null) {
            convScratch.close();
            convScratch = null;
        }
        if (indexScratch != null) {
            indexScratch.close();
            indexScratch = null;
        }
    }
}
