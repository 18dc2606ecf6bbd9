package dev.cochlea.benchmarks;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.ConvBlockScratch;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;
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
 * The inference plan's kernel on each of the seed network's six blocks: {@code convBlock} is one
 * {@code conv1dBlockForward} (convolution with the folded batch norm's bias, ReLU and MaxPool1d(4) in one pass);
 * {@code convThenFusedTail} is what evaluation-mode {@code forward} runs for the same block (conv1dForward, then the
 * fused batch-norm -> ReLU -> max-pool tail in inference mode). Scores are blocks per second; GFLOP/s is the
 * convolution's {@link Conv1dParams#flops()} times the score.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class ConvBlockBenchmark {
    @Param({"cpu"})
    public String backend;

    @Param({"1", "2", "3", "4", "5", "6"})
    public int layer;

    @Param({"1", "32"})
    public int batch;

    private Backend device;
    private Kernels kernels;
    private ConvBlockParams block;
    private ConvBlockScratch scratch;
    private BatchNormParams norm;
    private DeviceBuffer x;
    private DeviceBuffer w;
    private DeviceBuffer bias;
    private DeviceBuffer y;
    private DeviceBuffer convOut;
    private DeviceBuffer indices;
    private DeviceBuffer ones;
    private DeviceBuffer zeros;

    @Setup(Level.Trial)
    public void setUp() {
        device = Backends.get(backend);
        kernels = device.kernels();
        Conv1dParams conv = SeedConvShapes.params(layer - 1, batch);
        block = ConvBlockParams.of(conv, true, 4, 4, 0);
        norm = new BatchNormParams(batch, conv.outChannels(), conv.outLength(), 1e-5f, 0.1f);
        x = BufferFill.random(device, (long) batch * conv.inChannels() * conv.inLength(), 1);
        w = BufferFill.random(device, (long) conv.outChannels() * conv.inChannels() * conv.kernelSize(), 2);
        bias = BufferFill.random(device, conv.outChannels(), 3);
        y = BufferFill.random(device, block.outSize(), 4);
        convOut = BufferFill.random(device, block.convOutSize(), 5);
        indices = device.allocate(DType.INT32, block.outSize());
        ones = device.allocate(DType.FLOAT32, conv.outChannels());
        kernels.fill(ones, conv.outChannels(), 1f);
        zeros = device.allocate(DType.FLOAT32, conv.outChannels());
        kernels.fill(zeros, conv.outChannels(), 0f);
        scratch = kernels.fusesConvBlocks() ? null : new ConvBlockScratch(convOut, indices);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DeviceBuffer b : new DeviceBuffer[] {x, w, bias, y, convOut, indices, ones, zeros}) {
            b.close();
        }
    }

    @Benchmark
    public void convBlock() {
        kernels.conv1dBlockForward(block, x, w, bias, y, scratch);
        device.synchronize();
    }

    @Benchmark
    public void convThenFusedTail() {
        MaxPool1dParams pool = block.pool();
        kernels.conv1dForward(block.conv(), x, w, null, convOut);
        kernels.batchNormReluMaxPoolForward(
                norm, pool, false, convOut, BatchNormBuffers.affine(ones, bias).withRunning(zeros, ones), y, indices);
        device.synchronize();
    }
}
