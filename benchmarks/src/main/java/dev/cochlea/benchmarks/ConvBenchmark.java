package dev.cochlea.benchmarks;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Each of the seed network's six Conv1d shapes (see {@link SeedConvShapes}) at batch 32: forward, backward-input and
 * backward-weight. Scores are passes per second; GFLOP/s = {@code 2 * batch * Cout * Lout * Cin * K} (the layer's
 * {@link Conv1dParams#flops()}, listed in benchmarks/README.md) times the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class ConvBenchmark {
    @Param({"cpu"})
    public String backend;

    @Param({"1", "2", "3", "4", "5", "6"})
    public int layer;

    @Param({"32"})
    public int batch;

    private Backend device;
    private Kernels kernels;
    private Conv1dParams p;
    private DeviceBuffer x;
    private DeviceBuffer w;
    private DeviceBuffer y;
    private DeviceBuffer gradX;
    private DeviceBuffer gradW;

    @Setup(Level.Trial)
    public void setUp() {
        device = Backends.get(backend);
        kernels = device.kernels();
        p = SeedConvShapes.params(layer - 1, batch);
        x = BufferFill.random(device, (long) batch * p.inChannels() * p.inLength(), 1);
        w = BufferFill.random(device, (long) p.outChannels() * p.inChannels() * p.kernelSize(), 2);
        y = BufferFill.random(device, (long) batch * p.outChannels() * p.outLength(), 3);
        gradX = BufferFill.random(device, (long) batch * p.inChannels() * p.inLength(), 4);
        gradW = BufferFill.random(device, (long) p.outChannels() * p.inChannels() * p.kernelSize(), 5);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DeviceBuffer b : new DeviceBuffer[] {x, w, y, gradX, gradW}) {
            b.close();
        }
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
