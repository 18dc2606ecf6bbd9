package dev.cochlea.opencl;

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
import dev.cochlea.kernels.CrossEntropyParams;
import dev.cochlea.kernels.CrossEntropySaved;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.SgdParams;
import dev.cochlea.kernels.UnaryOp;

/** {@link Kernels} for OpenCL: each method hands over to the launcher of its kernel family. */
final class OpenClKernels implements Kernels {
    private final ElementwiseOps elementwise;
    private final LayoutOps layout;
    private final LinearOps linear;
    private final NormPoolOps normPool;
    private final LossOps loss;
    private final OptimOps optim;

    OpenClKernels(OpenClBackend backend, ClContext ctx) {
        this.elementwise = new ElementwiseOps(ctx);
        this.layout = new LayoutOps(ctx);
        this.linear = new LinearOps(ctx, backend, layout);
        this.normPool = new NormPoolOps(ctx);
        this.loss = new LossOps(ctx);
        this.optim = new OptimOps(ctx);
    }

    @Override
    public void fill(DeviceBuffer out, long n, float value) {
        elementwise.fill(out, n, value);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, long n) {
        elementwise.copy(src, dst, n);
    }

    @Override
    public void unary(UnaryOp op, DeviceBuffer x, DeviceBuffer out, long n) {
        elementwise.unary(op, x, out, n);
    }

    @Override
    public void affine(DeviceBuffer x, DeviceBuffer out, long n, float scale, float shift) {
        elementwise.affine(x, out, n, scale, shift);
    }

    @Override
    public void axpy(float alpha, DeviceBuffer x, DeviceBuffer y, long n) {
        elementwise.axpy(alpha, x, y, n);
    }

    @Override
    public void binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, Broadcast shape) {
        elementwise.binary(op, a, b, out, shape);
    }

    @Override
    public void reluBackward(DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gradIn, long n) {
        elementwise.reluBackward(x, gradOut, gradIn, n);
    }

    @Override
    public void dropout(DeviceBuffer x, DeviceBuffer mask, DeviceBuffer out, long n, float p, long seed) {
        elementwise.dropout(x, mask, out, n, p, seed);
    }

    @Override
    public void reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer out, int outer, int reduced, int inner) {
        layout.reduce(op, x, out, outer, reduced, inner);
    }

    @Override
    public void sumToShape(DeviceBuffer x, int[] xShape, DeviceBuffer out, int[] outShape) {
        layout.sumToShape(x, xShape, out, outShape);
    }

    @Override
    public void permute(DeviceBuffer x, int[] xShape, int[] perm, DeviceBuffer out) {
        layout.permute(x, xShape, perm, out);
    }

    @Override
    public void argmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        layout.argmax(x, out, rows, cols);
    }

    @Override
    public void gemm(GemmParams p, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        linear.gemm(p, a, b, c);
    }

    @Override
    public void conv1dForward(Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y) {
        linear.conv1dForward(p, x, w, bias, y);
    }

    @Override
    public void conv1dBackwardInput(Conv1dParams p, DeviceBuffer gradY, DeviceBuffer w, DeviceBuffer gradX) {
        linear.conv1dBackwardInput(p, gradY, w, gradX);
    }

    @Override
    public void conv1dBackwardWeight(
            Conv1dParams p, DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradW, DeviceBuffer gradBias) {
        linear.conv1dBackwardWeight(p, x, gradY, gradW, gradBias);
    }

    @Override
    public void batchNormForwardTraining(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        normPool.batchNormForwardTraining(p, x, b, y);
    }

    @Override
    public void batchNormForwardInference(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        normPool.batchNormForwardInference(p, x, b, y);
    }

    @Override
    public void batchNormBackward(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, BatchNormGrads<DeviceBuffer> grads) {
        normPool.batchNormBackward(p, x, b, grads);
    }

    @Override
    public void maxPool1dForward(MaxPool1dParams p, DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices) {
        normPool.maxPool1dForward(p, x, y, indices);
    }

    @Override
    public void maxPool1dBackward(MaxPool1dParams p, DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX) {
        normPool.maxPool1dBackward(p, gradY, indices, gradX);
    }

    @Override
    public void batchNormReluMaxPoolForward(BnReluPoolParams p, boolean training, BnReluPoolBuffers b) {
        normPool.batchNormReluMaxPoolForward(p, training, b);
    }

    @Override
    public void batchNormReluMaxPoolBackward(
            BnReluPoolParams p, BnReluPoolBuffers b, BatchNormGrads<DeviceBuffer> grads) {
        normPool.batchNormReluMaxPoolBackward(p, b, grads);
    }

    @Override
    public void logSoftmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        loss.logSoftmax(x, out, rows, cols);
    }

    @Override
    public void logSoftmaxBackward(DeviceBuffer y, DeviceBuffer gradY, DeviceBuffer gradX, int rows, int cols) {
        loss.logSoftmaxBackward(y, gradY, gradX, rows, cols);
    }

    @Override
    public void crossEntropyForward(
            CrossEntropyParams p, DeviceBuffer logits, CrossEntropySaved saved, DeviceBuffer losses) {
        loss.crossEntropyForward(p, logits, saved, losses);
    }

    @Override
    public void crossEntropyBackward(
            CrossEntropyParams p, CrossEntropySaved saved, DeviceBuffer gradLosses, DeviceBuffer gradLogits) {
        loss.crossEntropyBackward(p, saved, gradLosses, gradLogits);
    }

    @Override
    public void nllForward(CrossEntropyParams p, DeviceBuffer logProbs, DeviceBuffer labels, DeviceBuffer losses) {
        loss.nllForward(p, logProbs, labels, losses);
    }

    @Override
    public void nllBackward(
            CrossEntropyParams p, DeviceBuffer labels, DeviceBuffer gradLosses, DeviceBuffer gradLogProbs) {
        loss.nllBackward(p, labels, gradLosses, gradLogProbs);
    }

    @Override
    public void sgdStep(SgdParams p, DeviceBuffer param, DeviceBuffer grad, DeviceBuffer momentumBuffer, long n) {
        optim.sgdStep(p, param, grad, momentumBuffer, n);
    }

    @Override
    public void adamStep(AdamParams p, AdamBuffers<DeviceBuffer> b, long n) {
        optim.adamStep(p, b, n);
    }
}
