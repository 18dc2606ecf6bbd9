package dev.cochlea.benchmarks;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import java.util.SplittableRandom;

/** Device buffers filled with seeded uniform values in [-0.5, 0.5), for kernel-level benchmarks. */
final class BufferFill {
    private BufferFill() {}

    static DeviceBuffer random(Backend backend, long n, long seed) {
        float[] v = new float[Math.toIntExact(n)];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
        }
        DeviceBuffer b = backend.allocate(DType.FLOAT32, n);
        backend.upload(v, 0, b, 0, v.length);
        return b;
    }
}
