package dev.cochlea.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weight gradients add tasks into per-worker partial sums; which tasks share a worker must not depend on thread
 * timing, or the float rounding (and so a whole training run) changes from run to run for the same seed. Two threads
 * and repeated calls: every result must be bit-identical to the first.
 */
class CpuDeterminismTest {
    private static final int REPEATS = 12;

    /** 4000 output positions take the dot-tile path (long rows), 500 the im2col + GEMM path. */
    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {4003, 503})
    void weightGradientIsBitIdenticalAcrossRuns(int length) {
        CpuBackend cpu = new CpuBackend(2);
        Conv1dParams p = new Conv1dParams(8, 32, 32, length, 4, 1, 0, 1);
        SplittableRandom random = new SplittableRandom(3);
        DeviceBuffer x = upload(cpu, random, p.batch() * p.inChannels() * p.inLength());
        DeviceBuffer gy = upload(cpu, random, p.batch() * p.outChannels() * p.outLength());
        int size = p.outChannels() * p.inChannels() * p.kernelSize();
        DeviceBuffer gw = cpu.allocate(DType.FLOAT32, size);
        float[] first = null;
        for (int r = 0; r < REPEATS; r++) {
            cpu.kernels().conv1dBackwardWeight(p, x, gy, gw, null);
            float[] result = new float[size];
            cpu.download(gw, 0, result, 0, size);
            if (first == null) {
                first = result;
            } else {
                assertArrayEquals(first, result, "run " + r + " differs from run 0");
            }
        }
    }

    private static DeviceBuffer upload(CpuBackend cpu, SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        DeviceBuffer b = cpu.allocate(DType.FLOAT32, n);
        cpu.upload(v, 0, b, 0, n);
        return b;
    }
}
