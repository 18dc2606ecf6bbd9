package dev.cochlea;

import dev.cochlea.kernels.DeviceBuffer;
import java.lang.ref.Cleaner;

/**
 * The buffer behind one or more tensors (a reshape shares it). Released by the innermost {@link MemoryScope} when
 * one is open, otherwise by a Cleaner once no tensor refers to it.
 */
final class Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    final DeviceBuffer buffer;

    Storage(DeviceBuffer buffer) {
        this.buffer = buffer;
        MemoryScope.register(buffer);
        CLEANER.register(this, buffer::close);
    }
}
