package dev.cochlea.distributed;

import java.util.Objects;

/** The collective of a world of one: every operation is the identity, so the same training code runs unchanged. */
public final class SingleProcessCollective implements Collective {
    @Override
    public int rank() {
        return 0;
    }

    @Override
    public int worldSize() {
        return 1;
    }

    @Override
    public void allReduceSum(float[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
    }

    @Override
    public void broadcast(byte[] data, int offset, int length, int root) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (root != 0) {
            throw new IllegalArgumentException("root " + root + " is not a rank of a world of 1");
        }
    }

    @Override
    public void barrier() {}

    @Override
    public void close() {}
}
