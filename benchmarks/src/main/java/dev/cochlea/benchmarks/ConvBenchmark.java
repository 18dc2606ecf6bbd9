package dev.cochlea.benchmarks;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DeviceBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * Each of the seed network's six Conv1d shapes (see {@link SeedConvShapes}) at batch 32: forward, backward-input and
 * backward-weight. Scores are passes per second; GFLOP/s = {@code 2 * batch * Cout * Lout * Cin * K} (the layer's
 * {@link Conv1dParams#flops()}, listed in benchmarks/README.md) times the score.
 */
public class ConvBenchmark extends KernelBenchmark {
    @Param({"1", "2", "3", "4", "5", "6"})
    public int layer;

    @Param({"32"})
    public int batch;

    private Conv1dParams p;
    private DeviceBuffer x;
    private DeviceBuffer w;
    private DeviceBuffer y;
    private DeviceBuffer gradX;
    private DeviceBuffer gradW;

    @Override
    protected void allocateBuffers() {
        p = SeedConvShapes.params(layer - 1, batch);
        x = random(SeedConvShapes.inputSize(p), 1);
        w = random(SeedConvShapes.weightSize(p), 2);
        y = random(SeedConvShapes.outputSize(p), 3);
        gradX = random(SeedConvShapes.inputSize(p), 4);
        gradW = random(SeedConvShapes.weightSize(p), 5);
    }

    @Benchmark
    public void forward() {
        kernels.conv1dForward(p, x, w, null, y);
        device.synchronize();
    }

    @Benchmark
    public void backwardInput() {
        kernels.conv1dBackwardInput(p, y, w, gradX);
        device.synchronize();
    }

    @Benchmark
    public void backwardWeight() {
        kernels.conv1dBackwardWeight(p, x, y, gradW, null);
        device.synchronize();
    }
}
