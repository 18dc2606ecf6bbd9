package dev.cochlea.benchmarks;

import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.Conv1dWeights;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.ConvBlockScratch;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.MaxPool1dParams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The inference plan's kernel on each of the seed network's six blocks: {@code convBlock} is one
 * {@code conv1dBlockForward} (convolution with the folded batch norm's bias, ReLU and MaxPool1d(4) in one pass);
 * {@code convThenFusedTail} is what evaluation-mode {@code forward} runs for the same block (conv1dForward, then the
 * fused batch-norm -> ReLU -> max-pool tail in inference mode). Scores are blocks per second; GFLOP/s is the
 * convolution's {@link Conv1dParams#flops()} times the score.
 */
public class ConvBlockBenchmark extends KernelBenchmark {
    @Param({"1", "2", "3", "4", "5", "6"})
    public int layer;

    @Param({"1", "32"})
    public int batch;

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

    @Override
    protected void allocateBuffers() {
        Conv1dParams conv = SeedConvShapes.params(layer - 1, batch);
        block = ConvBlockParams.of(conv, true, 4, 4, 0);
        norm = new BatchNormParams(batch, conv.outChannels(), conv.outLength(), 1e-5f, 0.1f);
        x = random(SeedConvShapes.inputSize(conv), 1);
        w = random(SeedConvShapes.weightSize(conv), 2);
        bias = random(conv.outChannels(), 3);
        y = random(block.outSize(), 4);
        convOut = random(block.convOutSize(), 5);
        indices = allocate(DType.INT32, block.outSize());
        ones = filled(conv.outChannels(), 1f);
        zeros = filled(conv.outChannels(), 0f);
        scratch = kernels.fusesConvBlocks() ? null : new ConvBlockScratch(convOut, indices);
    }

    @Benchmark
    public void convBlock() {
        kernels.conv1dBlockForward(block, x, new Conv1dWeights(w, bias), y, scratch);
        device.synchronize();
    }

    @Benchmark
    public void convThenFusedTail() {
        MaxPool1dParams pool = block.pool();
        kernels.conv1dForward(block.conv(), x, w, null, convOut);
        kernels.batchNormReluMaxPoolForward(
                new BnReluPoolParams(norm, pool),
                false,
                new BnReluPoolBuffers(
                        convOut, BatchNormBuffers.affine(ones, bias).withRunning(zeros, ones), y, indices));
        device.synchronize();
    }
}
