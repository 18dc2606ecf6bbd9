package dev.cochlea.cpu;

import dev.cochlea.kernels.AdamBuffers;
import dev.cochlea.kernels.AdamParams;
import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.Broadcast;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.Conv1dWeights;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.ConvBlockScratch;
import dev.cochlea.kernels.CrossEntropyParams;
import dev.cochlea.kernels.CrossEntropySaved;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.HostBuffer;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.SgdParams;
import dev.cochlea.kernels.UnaryOp;

/**
 * The cpu backend's {@link Kernels}: unwraps buffers to their arrays and hands them to the Vector API kernel classes
 * ({@link Elementwise}, {@link Layout}, {@link Gemm}, {@link Conv}, {@link BatchNorm}, {@link MaxPool}, {@link Losses},
 * {@link Optimizers}). Loaded reflectively by {@link CpuBackend} once the Vector API module is known to be present.
 */
final class CpuKernels implements Kernels {
    private final Parallel par;

    CpuKernels(int threads) {
        this.par = new Parallel(threads);
    }

    private static float[] f(DeviceBuffer b) {
        return b == null ? null : HostBuffer.floats(b);
    }

    private static int[] i(DeviceBuffer b) {
        return HostBuffer.ints(b);
    }

    private static int n(long n) {
        return Math.toIntExact(n);
    }

    @Override
    public void fill(DeviceBuffer out, long n, float value) {
        Elementwise.fill(par, f(out), n(n), value);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, long n) {
        if (src.dtype() == DType.INT32) {
            System.arraycopy(i(src), 0, i(dst), 0, n(n));
        } else {
            System.arraycopy(f(src), 0, f(dst), 0, n(n));
        }
    }

    @Override
    public void unary(UnaryOp op, DeviceBuffer x, DeviceBuffer out, long n) {
        Elementwise.unary(par, op, f(x), f(out), n(n));
    }

    @Override
    public void affine(DeviceBuffer x, DeviceBuffer out, long n, float scale, float shift) {
        Elementwise.affine(par, f(x), f(out), n(n), scale, shift);
    }

    @Override
    public void axpy(float alpha, DeviceBuffer x, DeviceBuffer y, long n) {
        Elementwise.axpy(par, alpha, f(x), f(y), n(n));
    }

    @Override
    public void binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, Broadcast shape) {
        Elementwise.binary(par, op, f(a), f(b), f(out), shape);
    }

    @Override
    public void reluBackward(DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gradIn, long n) {
        Elementwise.reluBackward(par, f(x), f(gradOut), f(gradIn), n(n));
    }

    @Override
    public void dropout(DeviceBuffer x, DeviceBuffer mask, DeviceBuffer out, long n, float p, long seed) {
        Elementwise.dropout(par, f(x), f(mask), f(out), n(n), p, seed);
    }

    @Override
    public void reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer out, int outer, int reduced, int inner) {
        Layout.reduce(par, op, f(x), f(out), outer, reduced, inner);
    }

    @Override
    public void sumToShape(DeviceBuffer x, int[] xShape, DeviceBuffer out, int[] outShape) {
        Layout.sumToShape(f(x), xShape, f(out), outShape);
    }

    @Override
    public void permute(DeviceBuffer x, int[] xShape, int[] perm, DeviceBuffer out) {
        Layout.permute(f(x), xShape, perm, f(out));
    }

    @Override
    public void argmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        Layout.argmax(f(x), i(out), rows, cols);
    }

    @Override
    public void gemm(GemmParams p, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        Gemm.gemm(par, p, f(a), f(b), f(c));
    }

    @Override
    public void conv1dForward(Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y) {
        Conv.forward(par, p, f(x), f(w), f(bias), f(y));
    }

    @Override
    public void conv1dBackwardInput(Conv1dParams p, DeviceBuffer gradY, DeviceBuffer w, DeviceBuffer gradX) {
        Conv.backwardInput(par, p, f(gradY), f(w), f(gradX));
    }

    @Override
    public void conv1dBackwardWeight(
            Conv1dParams p, DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradW, DeviceBuffer gradBias) {
        Conv.backwardWeight(par, p, f(x), f(gradY), f(gradW), f(gradBias));
    }

    @Override
    public void conv1dBlockForward(
            ConvBlockParams p, DeviceBuffer x, Conv1dWeights weights, DeviceBuffer y, ConvBlockScratch scratch) {
        Conv1dParams c = p.conv();
        int ktot = c.inChannels() * c.kernelSize();
        float[] ap;
        if (weights.packed() == null) {
            ap = Conv.packWeights(f(weights.weight()), c.outChannels(), ktot, false);
        } else if (weights.packed().size() < Conv.packedSize(c.outChannels(), ktot)) {
            throw new IllegalArgumentException(
                    "packed weight of " + weights.packed().size() + " floats, " + Conv.packedSize(c.outChannels(), ktot)
                            + " needed for " + c);
        } else {
            ap = f(weights.packed());
        }
        ConvBlock.forward(par, p, f(x), ap, f(weights.bias()), f(y));
    }

    /** The weight in {@link Conv#packWeights}' MR-row micro-panels, so that an inference plan packs it once. */
    @Override
    public long packedConvWeightSize(int outChannels, int inChannels, int kernelSize) {
        return Conv.packedSize(outChannels, Math.multiplyExact(inChannels, kernelSize));
    }

    @Override
    public void packConvWeight(
            DeviceBuffer weight, int outChannels, int inChannels, int kernelSize, DeviceBuffer packed) {
        int ktot = Math.multiplyExact(inChannels, kernelSize);
        int size = Conv.packedSize(outChannels, ktot);
        System.arraycopy(Conv.packWeights(f(weight), outChannels, ktot, false), 0, f(packed), 0, size);
    }

    @Override
    public boolean fusesConvBlocks() {
        return true;
    }

    /**
     * 16 MB (override with {@code -Dcochlea.cpu.inferenceWorkingSet=BYTES}): the seed network's widest activation is
     * 1 MB per sample, so it runs in micro-batches of 16. On an idle 2-core Zen 4 (32 MB L3) batch-32 inference
     * measured 376-392 samples/s at 1 MB, 462-467 at 4 MB, 473-497 at 8 MB and 497-523 at 16 MB on JDK 17, and
     * 408-413 (1 MB) against 500-512 (16 MB) on JDK 25. Under heavy load from other processes smaller micro-batches
     * did better (1 MB was then 1.2-2x faster than whole batches), since the shared cache is then not ours.
     */
    @Override
    public long inferenceWorkingSetBytes() {
        return Long.getLong("cochlea.cpu.inferenceWorkingSet", 16L << 20);
    }

    @Override
    public void batchNormForwardTraining(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        BatchNorm.apply(par, p, BatchNorm.trainingAffine(par, p, f(x), b.map(CpuKernels::f)), f(x), f(y));
    }

    @Override
    public void batchNormForwardInference(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        BatchNorm.apply(par, p, BatchNorm.inferenceAffine(p, b.map(CpuKernels::f)), f(x), f(y));
    }

    @Override
    public void batchNormBackward(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, BatchNormGrads<DeviceBuffer> grads) {
        BatchNorm.backward(par, p, f(x), f(grads.gradY()), b.map(CpuKernels::f), grads.map(CpuKernels::f));
    }

    @Override
    public void maxPool1dForward(MaxPool1dParams p, DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices) {
        MaxPool.forward(par, p, f(x), f(y), i(indices));
    }

    @Override
    public void maxPool1dBackward(MaxPool1dParams p, DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX) {
        MaxPool.backward(par, p, f(gradY), i(indices), f(gradX));
    }

    @Override
    public void batchNormReluMaxPoolForward(BnReluPoolParams p, boolean training, BnReluPoolBuffers b) {
        MaxPool.fusedForward(
                par, p.bn(), p.pool(), training, f(b.x()), b.norm().map(CpuKernels::f), f(b.pooled()), i(b.indices()));
    }

    @Override
    public void batchNormReluMaxPoolBackward(
            BnReluPoolParams p, BnReluPoolBuffers b, BatchNormGrads<DeviceBuffer> grads) {
        MaxPool.fusedBackward(
                par,
                p.bn(),
                p.pool(),
                f(b.x()),
                b.norm().map(CpuKernels::f),
                f(b.pooled()),
                i(b.indices()),
                f(grads.gradY()),
                grads.map(CpuKernels::f));
    }

    @Override
    public void logSoftmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        Losses.logSoftmax(f(x), f(out), rows, cols);
    }

    @Override
    public void logSoftmaxBackward(DeviceBuffer y, DeviceBuffer gradY, DeviceBuffer gradX, int rows, int cols) {
        Losses.logSoftmaxBackward(f(y), f(gradY), f(gradX), rows, cols);
    }

    @Override
    public void crossEntropyForward(
            CrossEntropyParams p, DeviceBuffer logits, CrossEntropySaved saved, DeviceBuffer losses) {
        Losses.crossEntropyForward(p, f(logits), i(saved.labels()), f(saved.logProbs()), f(losses));
    }

    @Override
    public void crossEntropyBackward(
            CrossEntropyParams p, CrossEntropySaved saved, DeviceBuffer gradLosses, DeviceBuffer gradLogits) {
        Losses.crossEntropyBackward(p, f(saved.logProbs()), i(saved.labels()), f(gradLosses), f(gradLogits));
    }

    @Override
    public void nllForward(CrossEntropyParams p, DeviceBuffer logProbs, DeviceBuffer labels, DeviceBuffer losses) {
        Losses.nllForward(p, f(logProbs), i(labels), f(losses));
    }

    @Override
    public void nllBackward(
            CrossEntropyParams p, DeviceBuffer labels, DeviceBuffer gradLosses, DeviceBuffer gradLogProbs) {
        Losses.nllBackward(p, i(labels), f(gradLosses), f(gradLogProbs));
    }

    @Override
    public void sgdStep(SgdParams p, DeviceBuffer param, DeviceBuffer grad, DeviceBuffer momentumBuffer, long n) {
        Optimizers.sgd(par, p, f(param), f(grad), f(momentumBuffer), n(n));
    }

    @Override
    public void adamStep(AdamParams p, AdamBuffers<DeviceBuffer> b, long n) {
        AdamBuffers<float[]> h = b.map(CpuKernels::f);
        Optimizers.adam(par, p, h.param(), h.grad(), h.expAvg(), h.expAvgSq(), h.maxExpAvgSq(), n(n));
    }
}
