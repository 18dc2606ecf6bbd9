package dev.cochlea.benchmarks;

import dev.cochlea.kernels.Backend;
import dev.cochlea.kernels.Backends;
import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.UnaryOp;
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
 * The BatchNorm1d -> ReLU -> MaxPool1d(4) tail of the seed network's first two blocks in training mode, at batch 32,
 * as the fused kernels against the three unfused kernels in sequence (forward: batch-norm, ReLU, max-pool; backward:
 * max-pool backward, ReLU backward, batch-norm backward). Block 1 is [32, 32, 31901] (130 MB of activations), block
 * 2 is [32, 64, 7972]. Scores are passes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx8g"})
public class BlockBenchmark {
    private static final int[][] BLOCKS = {{32, 31901}, {64, 7972}};

    @Param({"cpu"})
    public String backend;

    @Param({"1", "2"})
    public int block;

    @Param({"32"})
    public int batch;

    private Backend device;
    private Kernels k;
    private BatchNormParams bn;
    private MaxPool1dParams pool;
    private long n;
    private DeviceBuffer x;
    private DeviceBuffer z;
    private DeviceBuffer gradX;
    private DeviceBuffer pooled;
    private DeviceBuffer gradPooled;
    private DeviceBuffer indices;
    private DeviceBuffer gamma;
    private DeviceBuffer beta;
    private DeviceBuffer mean;
    private DeviceBuffer invStd;
    private DeviceBuffer runningMean;
    private DeviceBuffer runningVar;
    private DeviceBuffer gradGamma;
    private DeviceBuffer gradBeta;

    @Setup(Level.Trial)
    public void setUp() {
        device = Backends.get(backend);
        k = device.kernels();
        int channels = BLOCKS[block - 1][0];
        int length = BLOCKS[block - 1][1];
        bn = new BatchNormParams(batch, channels, length, 1e-5f, 0.1f);
        pool = new MaxPool1dParams(batch, channels, length, 4, 4, 0);
        n = (long) batch * channels * length;
        long pn = (long) batch * channels * pool.outLength();
        x = BufferFill.random(device, n, 1);
        z = BufferFill.random(device, n, 2);
        gradX = BufferFill.random(device, n, 3);
        pooled = BufferFill.random(device, pn, 4);
        gradPooled = BufferFill.random(device, pn, 5);
        indices = device.allocate(DType.INT32, pn);
        gamma = BufferFill.random(device, channels, 6);
        beta = BufferFill.random(device, channels, 7);
        mean = BufferFill.random(device, channels, 8);
        invStd = BufferFill.random(device, channels, 9);
        runningMean = BufferFill.random(device, channels, 10);
        runningVar = device.allocate(DType.FLOAT32, channels);
        k.fill(runningVar, channels, 1f);
        gradGamma = BufferFill.random(device, channels, 11);
        gradBeta = BufferFill.random(device, channels, 12);
        // Valid statistics and indices for the backward passes.
        fusedForward();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DeviceBuffer b : new DeviceBuffer[] {
            x,
            z,
            gradX,
            pooled,
            gradPooled,
            indices,
            gamma,
            beta,
            mean,
            invStd,
            runningMean,
            runningVar,
            gradGamma,
            gradBeta
        }) {
            b.close();
        }
    }

    @Benchmark
    public void fusedForward() {
        k.batchNormReluMaxPoolForward(bn, pool, true, x, buffers(), pooled, indices);
        device.synchronize();
    }

    @Benchmark
    public void unfusedForward() {
        k.batchNormForwardTraining(bn, x, buffers(), z);
        k.unary(UnaryOp.RELU, z, z, n);
        k.maxPool1dForward(pool, z, pooled, indices);
        device.synchronize();
    }

    @Benchmark
    public void fusedBackward() {
        k.batchNormReluMaxPoolBackward(bn, pool, x, buffers(), pooled, indices, gradPooled, grads());
        device.synchronize();
    }

    @Benchmark
    public void unfusedBackward() {
        k.maxPool1dBackward(pool, gradPooled, indices, z);
        k.reluBackward(x, z, z, n);
        k.batchNormBackward(bn, x, z, buffers(), grads());
        device.synchronize();
    }

    private BatchNormBuffers<DeviceBuffer> buffers() {
        return BatchNormBuffers.affine(gamma, beta)
                .withRunning(runningMean, runningVar)
                .withSaved(mean, invStd);
    }

    private BatchNormGrads<DeviceBuffer> grads() {
        return new BatchNormGrads<>(gradX, gradGamma, gradBeta);
    }
}
