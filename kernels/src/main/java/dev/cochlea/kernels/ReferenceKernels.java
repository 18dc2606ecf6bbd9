package dev.cochlea.kernels;

import static dev.cochlea.kernels.HostBuffer.floats;
import static dev.cochlea.kernels.HostBuffer.ints;

/**
 * {@link Kernels} of the {@link ReferenceBackend}: unwraps the host arrays and hands them to one small class per op
 * family, whose loops are the specification.
 */
final class ReferenceKernels implements Kernels {

    private static float[] floatsOrNull(DeviceBuffer b) {
        return b == null ? null : floats(b);
    }

    // ---- element-wise ----

    @Override
    public void fill(DeviceBuffer out, long n, float value) {
        ReferenceElementwise.fill(floats(out), size(n), value);
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, long n) {
        if (src.dtype() == DType.INT32) {
            System.arraycopy(ints(src), 0, ints(dst), 0, size(n));
        } else {
            System.arraycopy(floats(src), 0, floats(dst), 0, size(n));
        }
    }

    @Override
    public void unary(UnaryOp op, DeviceBuffer x, DeviceBuffer out, long n) {
        ReferenceElementwise.unary(op, floats(x), floats(out), size(n));
    }

    @Override
    public void affine(DeviceBuffer x, DeviceBuffer out, long n, float scale, float shift) {
        ReferenceElementwise.affine(floats(x), floats(out), size(n), scale, shift);
    }

    @Override
    public void axpy(float alpha, DeviceBuffer x, DeviceBuffer y, long n) {
        ReferenceElementwise.axpy(alpha, floats(x), floats(y), size(n));
    }

    @Override
    public void binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, Broadcast shape) {
        ReferenceElementwise.binary(op, floats(a), floats(b), floats(out), shape);
    }

    @Override
    public void reluBackward(DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gradIn, long n) {
        ReferenceElementwise.reluBackward(floats(x), floats(gradOut), floats(gradIn), size(n));
    }

    @Override
    public void dropout(DeviceBuffer x, DeviceBuffer mask, DeviceBuffer out, long n, float p, long seed) {
        ReferenceElementwise.dropout(floats(x), floats(mask), floats(out), size(n), p, seed);
    }

    // ---- reductions and layout ----

    @Override
    public void reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer out, int outer, int reduced, int inner) {
        ReferenceLayout.reduce(op, floats(x), floats(out), outer, reduced, inner);
    }

    @Override
    public void sumToShape(DeviceBuffer x, int[] xShape, DeviceBuffer out, int[] outShape) {
        ReferenceLayout.sumToShape(floats(x), xShape, floats(out), outShape);
    }

    @Override
    public void permute(DeviceBuffer x, int[] xShape, int[] perm, DeviceBuffer out) {
        ReferenceLayout.permute(floats(x), xShape, perm, floats(out));
    }

    @Override
    public void argmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        ReferenceLayout.argmax(floats(x), ints(out), rows, cols);
    }

    // ---- matrix product ----

    @Override
    public void gemm(GemmParams p, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        ReferenceGemm.gemm(p, floats(a), floats(b), floats(c));
    }

    // ---- convolution ----

    @Override
    public void conv1dForward(Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y) {
        ReferenceConv.forward(p, floats(x), floats(w), floatsOrNull(bias), floats(y));
    }

    @Override
    public void conv1dBackwardInput(Conv1dParams p, DeviceBuffer gradY, DeviceBuffer w, DeviceBuffer gradX) {
        ReferenceConv.backwardInput(p, floats(gradY), floats(w), floats(gradX));
    }

    @Override
    public void conv1dBackwardWeight(
            Conv1dParams p, DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradW, DeviceBuffer gradBias) {
        ReferenceConv.backwardWeight(p, floats(x), floats(gradY), floats(gradW), floatsOrNull(gradBias));
    }

    @Override
    public void conv1dBlockForward(
            ConvBlockParams p, DeviceBuffer x, Conv1dWeights weights, DeviceBuffer y, ConvBlockScratch scratch) {
        ReferenceConv.blockForward(p, floats(x), floats(weights.weight()), floatsOrNull(weights.bias()), floats(y));
    }

    @Override
    public boolean fusesConvBlocks() {
        return true;
    }

    // ---- batch normalisation ----

    @Override
    public void batchNormForwardTraining(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        ReferenceNorm.forwardTraining(p, floats(x), b.map(HostBuffer::floats), floats(y));
    }

    @Override
    public void batchNormForwardInference(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        ReferenceNorm.forwardInference(p, floats(x), b.map(HostBuffer::floats), floats(y));
    }

    @Override
    public void batchNormBackward(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, BatchNormGrads<DeviceBuffer> grads) {
        ReferenceNorm.backward(p, floats(x), b.map(HostBuffer::floats), grads.map(HostBuffer::floats));
    }

    // ---- pooling ----

    @Override
    public void maxPool1dForward(MaxPool1dParams p, DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices) {
        ReferencePool.forward(p, floats(x), floats(y), ints(indices));
    }

    @Override
    public void maxPool1dBackward(MaxPool1dParams p, DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX) {
        ReferencePool.backward(p, floats(gradY), ints(indices), floats(gradX));
    }

    // ---- fused BatchNorm1d -> ReLU -> MaxPool1d ----

    @Override
    public void batchNormReluMaxPoolForward(BnReluPoolParams p, boolean training, BnReluPoolBuffers b) {
        ReferenceFused.forward(
                p, training, floats(b.x()), b.norm().map(HostBuffer::floats), floats(b.pooled()), ints(b.indices()));
    }

    @Override
    public void batchNormReluMaxPoolBackward(
            BnReluPoolParams p, BnReluPoolBuffers b, BatchNormGrads<DeviceBuffer> grads) {
        ReferenceFused.backward(
                p,
                floats(b.x()),
                b.norm().map(HostBuffer::floats),
                floats(b.pooled()),
                ints(b.indices()),
                grads.map(HostBuffer::floats));
    }

    // ---- softmax and losses ----

    @Override
    public void logSoftmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        ReferenceLoss.logSoftmax(floats(x), floats(out), rows, cols);
    }

    @Override
    public void logSoftmaxBackward(DeviceBuffer y, DeviceBuffer gradY, DeviceBuffer gradX, int rows, int cols) {
        ReferenceLoss.logSoftmaxBackward(floats(y), floats(gradY), floats(gradX), rows, cols);
    }

    @Override
    public void crossEntropyForward(
            CrossEntropyParams p, DeviceBuffer logits, CrossEntropySaved saved, DeviceBuffer losses) {
        ReferenceLoss.crossEntropyForward(
                p, floats(logits), ints(saved.labels()), floats(saved.logProbs()), floats(losses));
    }

    @Override
    public void crossEntropyBackward(
            CrossEntropyParams p, CrossEntropySaved saved, DeviceBuffer gradLosses, DeviceBuffer gradLogits) {
        ReferenceLoss.crossEntropyBackward(
                p, floats(saved.logProbs()), ints(saved.labels()), floats(gradLosses), floats(gradLogits));
    }

    @Override
    public void nllForward(CrossEntropyParams p, DeviceBuffer logProbs, DeviceBuffer labels, DeviceBuffer losses) {
        ReferenceLoss.nllForward(p, floats(logProbs), ints(labels), floats(losses));
    }

    @Override
    public void nllBackward(
            CrossEntropyParams p, DeviceBuffer labels, DeviceBuffer gradLosses, DeviceBuffer gradLogProbs) {
        ReferenceLoss.nllBackward(p, ints(labels), floats(gradLosses), floats(gradLogProbs));
    }

    // ---- optimizer steps ----

    @Override
    public void sgdStep(SgdParams p, DeviceBuffer param, DeviceBuffer grad, DeviceBuffer momentumBuffer, long n) {
        ReferenceOptim.sgd(p, floats(param), floats(grad), floatsOrNull(momentumBuffer), size(n));
    }

    @Override
    public void adamStep(AdamParams p, AdamBuffers<DeviceBuffer> b, long n) {
        AdamBuffers<float[]> h = b.map(HostBuffer::floats);
        ReferenceOptim.adam(p, h.param(), h.grad(), h.expAvg(), h.expAvgSq(), h.maxExpAvgSq(), size(n));
    }

    /** Host arrays are int-indexed; HostBuffer already limits sizes, so this only guards against nonsense counts. */
    private static int size(long n) {
        return Math.toIntExact(n);
    }
}
