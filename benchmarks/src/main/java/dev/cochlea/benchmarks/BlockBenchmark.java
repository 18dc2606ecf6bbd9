package dev.cochlea.benchmarks;

import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.UnaryOp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The BatchNorm1d -> ReLU -> MaxPool1d(4) tail of the seed network's first two blocks in training mode, at batch 32,
 * as the fused kernels against the three unfused kernels in sequence (forward: batch-norm, ReLU, max-pool; backward:
 * max-pool backward, ReLU backward, batch-norm backward). Block 1 is [32, 32, 31901] (130 MB of activations), block
 * 2 is [32, 64, 7972]. Scores are passes per second.
 */
public class BlockBenchmark extends KernelBenchmark {
    private static final int[][] BLOCKS = {{32, 31901}, {64, 7972}};

    @Param({"1", "2"})
    public int block;

    @Param({"32"})
    public int batch;

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

    @Override
    protected void allocateBuffers() {
        int channels = BLOCKS[block - 1][0];
        int length = BLOCKS[block - 1][1];
        bn = new BatchNormParams(batch, channels, length, 1e-5f, 0.1f);
        pool = new MaxPool1dParams(batch, channels, length, 4, 4, 0);
        n = (long) batch * channels * length;
        long pn = (long) batch * channels * pool.outLength();
        x = random(n, 1);
        z = random(n, 2);
        gradX = random(n, 3);
        pooled = random(pn, 4);
        gradPooled = random(pn, 5);
        indices = allocate(DType.INT32, pn);
        gamma = random(channels, 6);
        beta = random(channels, 7);
        mean = random(channels, 8);
        invStd = random(channels, 9);
        runningMean = random(channels, 10);
        runningVar = filled(channels, 1f);
        gradGamma = random(channels, 11);
        gradBeta = random(channels, 12);
        // Valid statistics and indices for the backward passes.
        fusedForward();
    }

    @Benchmark
    public void fusedForward() {
        kernels.batchNormReluMaxPoolForward(
                new BnReluPoolParams(bn, pool), true, new BnReluPoolBuffers(x, buffers(), pooled, indices));
        device.synchronize();
    }

    @Benchmark
    public void unfusedForward() {
        kernels.batchNormForwardTraining(bn, x, buffers(), z);
        kernels.unary(UnaryOp.RELU, z, z, n);
        kernels.maxPool1dForward(pool, z, pooled, indices);
        device.synchronize();
    }

    @Benchmark
    public void fusedBackward() {
        kernels.batchNormReluMaxPoolBackward(
                new BnReluPoolParams(bn, pool),
                new BnReluPoolBuffers(x, buffers(), pooled, indices),
                grads(gradPooled));
        device.synchronize();
    }

    @Benchmark
    public void unfusedBackward() {
        kernels.maxPool1dBackward(pool, gradPooled, indices, z);
        kernels.reluBackward(x, z, z, n);
        kernels.batchNormBackward(bn, x, buffers(), grads(z));
        device.synchronize();
    }

    private BatchNormBuffers<DeviceBuffer> buffers() {
        return BatchNormBuffers.affine(gamma, beta)
                .withRunning(runningMean, runningVar)
                .withSaved(mean, invStd);
    }

    private BatchNormGrads<DeviceBuffer> grads(DeviceBuffer gradY) {
        return new BatchNormGrads<>(gradY, gradX, gradGamma, gradBeta);
    }
}
