package dev.cochlea.cuda;

import dev.cochlea.kernels.AbstractDeviceBuffer;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import java.util.ArrayList;
import java.util.List;

/** A {@link KernelHost} that records launches instead of running them, with stand-in buffers. */
final class RecordingHost implements KernelHost {
    final List<Launch> launches = new ArrayList<>();
    final List<FakeBuffer> scratch = new ArrayList<>();

    /** A buffer with a dtype and a size, and no memory. */
    static final class FakeBuffer extends AbstractDeviceBuffer {
        final String label;
        boolean closed;

        FakeBuffer(String label, DType dtype, long size) {
            super(null, dtype, size);
            this.label = label;
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static FakeBuffer floats(String label, long size) {
        return new FakeBuffer(label, DType.FLOAT32, size);
    }

    static FakeBuffer ints(String label, long size) {
        return new FakeBuffer(label, DType.INT32, size);
    }

    @Override
    public void launch(Launch launch) {
        launches.add(launch);
    }

    @Override
    public DeviceBuffer scratch(DType dtype, long elements) {
        FakeBuffer b = new FakeBuffer("scratch" + scratch.size(), dtype, elements);
        scratch.add(b);
        return b;
    }

    List<String> kernelNames() {
        return launches.stream().map(l -> l.kernel().name()).toList();
    }

    Launch only() {
        if (launches.size() != 1) {
            throw new AssertionError("expected one launch, got " + kernelNames());
        }
        return launches.get(0);
    }
}
