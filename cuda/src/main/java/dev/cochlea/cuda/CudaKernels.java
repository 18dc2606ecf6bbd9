package dev.cochlea.cuda;

import static dev.cochlea.cuda.LaunchGeometry.elementwise;
import static dev.cochlea.cuda.LaunchGeometry.intExtent;
import static dev.cochlea.cuda.LaunchGeometry.perRow;
import static dev.cochlea.cuda.LaunchGeometry.tiles;

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
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.Kernels;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.SgdParams;
import dev.cochlea.kernels.Shapes;
import dev.cochlea.kernels.UnaryOp;
import java.util.Arrays;

/**
 * {@link Kernels} for CUDA: each method picks the kernels from {@link KernelCatalog}, sizes their grids with
 * {@link LaunchGeometry} and queues them on a {@link KernelHost}. No JCuda here, so tests can record the launches
 * without a GPU.
 *
 * <p>Matrix products and convolutions run on TF32 tensor cores when {@code tf32} (operands rounded to 10 mantissa
 * bits, float32 accumulation: what PyTorch does for convolutions by default), else in exact float32.
 */
final class CudaKernels implements Kernels {
    private final KernelHost host;
    private final boolean tf32;

    /** Exact float32 kernels throughout. */
    CudaKernels(KernelHost host) {
        this(host, false);
    }

    CudaKernels(KernelHost host, boolean tf32) {
        this.host = host;
        this.tf32 = tf32;
    }

    /** Whether gemm and the convolutions use TF32 tensor cores. */
    boolean tf32() {
        return tf32;
    }

    // ---- element-wise ------------------------------------------------------------------------------------------

    @Override
    public void fill(DeviceBuffer out, long n, float value) {
        if (n == 0) return;
        host.launch(Launch.of(KernelCatalog.FILL, elementwise(n))
                .f32(out)
                .i64(n)
                .f32(value)
                .build());
    }

    @Override
    public void copy(DeviceBuffer src, DeviceBuffer dst, long n) {
        if (n == 0) return;
        if (src.dtype() != dst.dtype()) {
            throw new IllegalArgumentException("copy needs equal dtypes, got " + src.dtype() + " and " + dst.dtype());
        }
        host.launch(Launch.of(KernelCatalog.COPY, elementwise(n))
                .words(src)
                .words(dst)
                .i64(n)
                .build());
    }

    @Override
    public void unary(UnaryOp op, DeviceBuffer x, DeviceBuffer out, long n) {
        if (n == 0) return;
        host.launch(Launch.of(KernelCatalog.UNARY, elementwise(n))
                .f32(x, out)
                .i64(n)
                .i32(op.ordinal())
                .build());
    }

    @Override
    public void affine(DeviceBuffer x, DeviceBuffer out, long n, float scale, float shift) {
        if (n == 0) return;
        host.launch(Launch.of(KernelCatalog.AFFINE, elementwise(n))
                .f32(x, out)
                .i64(n)
                .f32(scale, shift)
                .build());
    }

    @Override
    public void axpy(float alpha, DeviceBuffer x, DeviceBuffer y, long n) {
        if (n == 0) return;
        host.launch(Launch.of(KernelCatalog.AXPY, elementwise(n))
                .f32(alpha)
                .f32(x, y)
                .i64(n)
                .build());
    }

    @Override
    public void binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, Broadcast shape) {
        long n = shape.outSize();
        if (n == 0) return;
        if (shape.isElementwise()) {
            host.launch(Launch.of(KernelCatalog.BINARY_FLAT, elementwise(n))
                    .f32(a, b, out)
                    .i64(n)
                    .i32(op.ordinal())
                    .build());
            return;
        }
        host.launch(Launch.of(KernelCatalog.BINARY_BROADCAST, elementwise(n))
                .f32(a, b, out)
                .shape8(shape.outShape())
                .shape8(shape.aStrides())
                .shape8(shape.bStrides())
                .i32(shape.outShape().length)
                .i64(n)
                .i32(op.ordinal())
                .build());
    }

    @Override
    public void reluBackward(DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gradIn, long n) {
        if (n == 0) return;
        host.launch(Launch.of(KernelCatalog.RELU_BACKWARD, elementwise(n))
                .f32(x, gradOut, gradIn)
                .i64(n)
                .build());
    }

    @Override
    public void dropout(DeviceBuffer x, DeviceBuffer mask, DeviceBuffer out, long n, float p, long seed) {
        if (n == 0) return;
        host.launch(Launch.of(KernelCatalog.DROPOUT, elementwise(n))
                .f32(x, mask, out)
                .i64(n)
                .f32(p)
                .u64(seed)
                .build());
    }

    // ---- reductions and layout ---------------------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer out, int outer, int reduced, int inner) {
        long outputs = (long) outer * inner;
        if (outputs == 0) return;
        if (inner == 1) {
            reduceRows(op, x, out, outer, reduced);
        } else {
            host.launch(Launch.of(KernelCatalog.REDUCE_STRIDED, elementwise(outputs))
                    .f32(x, out)
                    .i32(outer, reduced, inner, op.ordinal())
                    .build());
        }
    }

    /** One block per (row, chunk); with several chunks per row, a second pass combines them in order. */
    private void reduceRows(ReduceOp op, DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        LaunchGeometry.Chunks chunks = LaunchGeometry.chunks(rows, cols);
        if (chunks.chunks() == 1) {
            host.launch(rowsLaunch(op, x, out, rows, cols, chunks));
            return;
        }
        try (DeviceBuffer partials = host.scratch(DType.FLOAT32, (long) rows * chunks.chunks())) {
            host.launch(rowsLaunch(op, x, partials, rows, cols, chunks));
            host.launch(Launch.of(KernelCatalog.REDUCE_ROWS_FINISH, elementwise(rows))
                    .f32(partials, out)
                    .i32(rows, chunks.chunks(), op.ordinal())
                    .build());
        }
    }

    private static Launch rowsLaunch(
            ReduceOp op, DeviceBuffer x, DeviceBuffer out, int rows, int cols, LaunchGeometry.Chunks chunks) {
        return Launch.of(KernelCatalog.REDUCE_ROWS, LaunchGeometry.chunked(rows, chunks))
                .f32(x, out)
                .i32(rows, cols, op.ordinal(), chunks.chunks(), chunks.perChunk())
                .build();
    }

    /**
     * Per-channel sums of x [batch, channels, length] into out [channels]: (channel, chunk) blocks write partial
     * sums in double, then one fixed-order pass adds them (deterministic).
     */
    private void channelSums(DeviceBuffer x, DeviceBuffer out, int batch, int channels, int length) {
        int count = intExtent((long) batch * length, "batch * length");
        LaunchGeometry.Chunks chunks = LaunchGeometry.chunks(channels, count);
        try (DeviceBuffer partials = host.scratch(DType.FLOAT32, 2L * channels * chunks.chunks())) {
            host.launch(Launch.of(KernelCatalog.CHANNEL_SUM_PARTIAL, LaunchGeometry.chunked(channels, chunks))
                    .f32(x)
                    .doubles(partials)
                    .i32(batch, channels, length, chunks.chunks(), chunks.perChunk())
                    .build());
            host.launch(Launch.of(KernelCatalog.CHUNK_SUM_FINISH, elementwise(channels))
                    .doubles(partials)
                    .f32(out)
                    .i32(channels, chunks.chunks())
                    .build());
        }
    }

    @Override
    public void sumToShape(DeviceBuffer x, int[] xShape, DeviceBuffer out, int[] outShape) {
        if (xShape.length != outShape.length) {
            throw new IllegalArgumentException(
                    "sumToShape needs equal ranks: " + Arrays.toString(xShape) + " -> " + Arrays.toString(outShape));
        }
        long outTotal = Shapes.elements(outShape);
        if (outTotal == 0) return;
        long perOutput = Shapes.elements(xShape) / outTotal;
        // Many terms per output (a bias gradient): a block per output rather than one thread looping over them all.
        Launch.Builder launch = perOutput >= LaunchGeometry.BLOCK
                ? Launch.of(KernelCatalog.SUM_TO_SHAPE_BLOCKS, LaunchGeometry.perOutputBlocks(outTotal))
                : Launch.of(KernelCatalog.SUM_TO_SHAPE, elementwise(outTotal));
        host.launch(launch.f32(x, out)
                .shape8(xShape)
                .shape8(outShape)
                .i32(xShape.length)
                .i64(outTotal)
                .i64(perOutput)
                .build());
    }

    @Override
    public void permute(DeviceBuffer x, int[] xShape, int[] perm, DeviceBuffer out) {
        int rank = xShape.length;
        long total = Shapes.elements(xShape);
        if (total == 0) return;
        int[] xStrides = new int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            xStrides[d] = stride;
            stride *= xShape[d];
        }
        int[] outShape = new int[rank];
        int[] srcStrides = new int[rank];
        for (int j = 0; j < rank; j++) {
            outShape[j] = xShape[perm[j]];
            srcStrides[j] = xStrides[perm[j]];
        }
        host.launch(Launch.of(KernelCatalog.PERMUTE, elementwise(total))
                .f32(x, out)
                .shape8(outShape)
                .shape8(srcStrides)
                .i32(rank)
                .i64(total)
                .build());
    }

    @Override
    public void argmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        if (rows == 0) return;
        host.launch(Launch.of(KernelCatalog.ARGMAX, perRow(rows))
                .f32(x)
                .i32(out)
                .i32(rows, cols)
                .build());
    }

    // ---- matrix product ----------------------------------------------------------------------------------------

    @Override
    public void gemm(GemmParams p, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        host.launch(Launch.of(KernelCatalog.GEMM, tiles(p.m(), p.n(), p.batch()))
                .f32(a, b, c)
                .i32(p.m(), p.n(), p.k())
                .i32(p.transA(), p.transB())
                .f32(p.alpha(), p.beta())
                .i64(p.strideA())
                .i64(p.strideB())
                .i64(p.strideC())
                .i32(tileRows(p.m()))
                .i32(tf32)
                .build());
    }

    // ---- convolution -------------------------------------------------------------------------------------------

    @Override
    public void conv1dForward(Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y) {
        int columns = intExtent((long) p.batch() * p.outLength(), "conv1d batch * outLength");
        intExtent((long) p.inChannels() * p.kernelSize(), "conv1d inChannels * kernelSize");
        if (directConvolutionFits(p)) {
            conv1dForwardDirect(p, x, w, bias, y);
        } else {
            conv1dForwardGemm(p, x, w, bias, y, columns);
        }
    }

    /** The direct one-input-channel kernel (exact float32); the caller checked {@link #directConvolutionFits}. */
    void conv1dForwardDirect(Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y) {
        host.launch(Launch.of(
                        KernelCatalog.CONV_FORWARD_DIRECT,
                        LaunchGeometry.direct(p.outLength(), p.batch(), p.outChannels()))
                .f32(x, w, bias, y)
                .i32(p.outChannels())
                .i32(p.inLength(), p.kernelSize(), p.stride(), p.padding(), p.dilation(), p.outLength())
                .build());
    }

    /** The implicit-GEMM forward, on tensor cores when TF32 is on (the device check times both forwards). */
    void conv1dForwardGemm(
            Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y, int columns) {
        host.launch(convArgs(
                Launch.of(KernelCatalog.CONV_FORWARD, tiles(p.outChannels(), columns, 1))
                        .f32(x, w, bias, y),
                p,
                p.outChannels()));
    }

    /**
     * One input channel (raw audio): the im2col operand would be K = kernelSize rows re-reading the same samples, so a
     * direct kernel that stages each stretch of the clip and the filters in shared memory does better, in exact
     * float32. It applies while the stretch and the filters fit its shared arrays.
     */
    static boolean directConvolutionFits(Conv1dParams p) {
        long span = LaunchGeometry.directSpan(p.kernelSize(), p.stride(), p.dilation());
        return p.inChannels() == 1
                && p.kernelSize() <= LaunchGeometry.DIRECT_MAX_TAPS
                && span <= LaunchGeometry.DIRECT_MAX_SPAN;
    }

    @Override
    public void conv1dBackwardInput(Conv1dParams p, DeviceBuffer gradY, DeviceBuffer w, DeviceBuffer gradX) {
        int columns = intExtent((long) p.batch() * p.inLength(), "conv1d batch * inLength");
        intExtent((long) p.outChannels() * p.kernelSize(), "conv1d outChannels * kernelSize");
        host.launch(convArgs(
                Launch.of(KernelCatalog.CONV_BACKWARD_INPUT, tiles(p.inChannels(), columns, 1))
                        .f32(gradY, w, gradX),
                p,
                p.inChannels()));
    }

    /**
     * The weight gradient is a product with a long K (batch x output length) and a small output, so K is split
     * across blockIdx.z into partial slices that {@link #reduce} then sums in a fixed order (deterministic).
     */
    @Override
    public void conv1dBackwardWeight(
            Conv1dParams p, DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradW, DeviceBuffer gradBias) {
        int columns = intExtent((long) p.inChannels() * p.kernelSize(), "conv1d inChannels * kernelSize");
        int depth = intExtent((long) p.batch() * p.outLength(), "conv1d batch * outLength");
        LaunchGeometry.SplitK split = LaunchGeometry.splitK(p.outChannels(), columns, depth);
        int slice = intExtent((long) p.outChannels() * columns, "conv1d weight size");
        if (split.splits() == 1) {
            weightGradient(p, x, gradY, gradW, split, columns);
        } else {
            try (DeviceBuffer partials = host.scratch(DType.FLOAT32, (long) split.splits() * slice)) {
                weightGradient(p, x, gradY, partials, split, columns);
                reduce(ReduceOp.SUM, partials, gradW, 1, split.splits(), slice);
            }
        }
        if (gradBias != null) {
            channelSums(gradY, gradBias, p.batch(), p.outChannels(), p.outLength());
        }
    }

    private void weightGradient(
            Conv1dParams p,
            DeviceBuffer x,
            DeviceBuffer gradY,
            DeviceBuffer partials,
            LaunchGeometry.SplitK split,
            int columns) {
        Launch.Builder b = Launch.of(
                        KernelCatalog.CONV_BACKWARD_WEIGHT, tiles(p.outChannels(), columns, split.splits()))
                .f32(x, gradY, partials)
                .i32(p.batch(), p.inChannels(), p.outChannels())
                .i32(p.inLength(), p.kernelSize(), p.stride(), p.padding(), p.dilation(), p.outLength())
                .i32(split.kPerSplit(), tileRows(p.outChannels()))
                .i32(tf32);
        host.launch(b.build());
    }

    /** The shape and precision arguments every implicit-GEMM convolution takes; {@code m} is its output rows. */
    private Launch convArgs(Launch.Builder b, Conv1dParams p, int m) {
        return b.i32(p.batch(), p.inChannels(), p.outChannels())
                .i32(p.inLength(), p.kernelSize(), p.stride(), p.padding(), p.dilation(), p.outLength())
                .i32(tileRows(m))
                .i32(tf32)
                .build();
    }

    private static int tileRows(int m) {
        return LaunchGeometry.gemmTile(m).rows();
    }

    // ---- batch normalisation -----------------------------------------------------------------------------------

    @Override
    public void batchNormForwardTraining(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        statistics(p, x, b);
        normalise(p, x, b.saveMean(), b.saveInvStd(), false, b, y);
    }

    @Override
    public void batchNormForwardInference(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        normalise(p, x, b.runningMean(), b.runningVar(), true, b, y);
    }

    @Override
    public void batchNormBackward(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, BatchNormGrads<DeviceBuffer> grads) {
        DeviceBuffer gradY = grads.gradY();
        long total = elements(p);
        int count = intExtent(p.count(), "batch-norm batch * length");
        LaunchGeometry.Chunks chunks = LaunchGeometry.chunks(p.channels(), count);
        // Two double sums per channel (and per chunk for the partials), two float32 elements each.
        try (DeviceBuffer sums = host.scratch(DType.FLOAT32, 4L * p.channels());
                DeviceBuffer partials = host.scratch(DType.FLOAT32, 4L * p.channels() * chunks.chunks())) {
            host.launch(Launch.of(KernelCatalog.BN_BACKWARD_PARTIAL, LaunchGeometry.chunked(p.channels(), chunks))
                    .f32(x, gradY, b.saveMean(), b.saveInvStd())
                    .doubles(partials)
                    .i32(p.batch(), p.channels(), p.length(), chunks.chunks(), chunks.perChunk())
                    .build());
            host.launch(Launch.of(KernelCatalog.BN_BACKWARD_FINISH, elementwise(p.channels()))
                    .doubles(partials)
                    .doubles(sums)
                    .f32(grads.gradGamma(), grads.gradBeta())
                    .i32(p.channels(), chunks.chunks())
                    .build());
            host.launch(Launch.of(KernelCatalog.BN_BACKWARD_APPLY, elementwise(total))
                    .f32(x, gradY, b.gamma(), b.saveMean(), b.saveInvStd())
                    .doubles(sums)
                    .f32(grads.gradX())
                    .i32(p.channels(), p.length())
                    .i64(total)
                    .f32((float) p.count())
                    .build());
        }
    }

    /**
     * Per-channel mean and 1 / std into saveMean / saveInvStd, and the running-statistics update: (channel, chunk)
     * blocks compute each chunk's mean and squared deviations, one fixed-order pass merges them per channel.
     */
    private void statistics(BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b) {
        int count = intExtent(p.count(), "batch-norm batch * length");
        LaunchGeometry.Chunks chunks = LaunchGeometry.chunks(p.channels(), count);
        try (DeviceBuffer partials = host.scratch(DType.FLOAT32, 4L * p.channels() * chunks.chunks())) {
            host.launch(Launch.of(KernelCatalog.BN_STATS_PARTIAL, LaunchGeometry.chunked(p.channels(), chunks))
                    .f32(x)
                    .doubles(partials)
                    .i32(p.batch(), p.channels(), p.length(), chunks.chunks(), chunks.perChunk())
                    .build());
            host.launch(Launch.of(KernelCatalog.BN_STATS_FINISH, elementwise(p.channels()))
                    .doubles(partials)
                    .f32(b.saveMean(), b.saveInvStd(), b.runningMean(), b.runningVar())
                    .i32(p.channels(), count, chunks.chunks(), chunks.perChunk())
                    .f32(p.eps(), p.momentum())
                    .build());
        }
    }

    /**
     * y = (x - mean) * scale * gamma + beta, where scale is 1 / std, or derived from a variance when isVar; gamma
     * and beta come from b.
     */
    private void normalise(
            BatchNormParams p,
            DeviceBuffer x,
            DeviceBuffer mean,
            DeviceBuffer scaleSource,
            boolean isVar,
            BatchNormBuffers<DeviceBuffer> b,
            DeviceBuffer y) {
        long total = elements(p);
        host.launch(Launch.of(KernelCatalog.BN_APPLY, elementwise(total))
                .f32(x, mean, scaleSource)
                .i32(isVar)
                .f32(p.eps())
                .f32(b.gamma(), b.beta(), y)
                .i32(p.channels(), p.length())
                .i64(total)
                .build());
    }

    private static long elements(BatchNormParams p) {
        return p.count() * p.channels();
    }

    // ---- pooling -----------------------------------------------------------------------------------------------

    @Override
    public void maxPool1dForward(MaxPool1dParams p, DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices) {
        long total = (long) p.batch() * p.channels() * p.outLength();
        host.launch(Launch.of(KernelCatalog.MAXPOOL_FORWARD, elementwise(total))
                .f32(x, y)
                .i32(indices)
                .i32(p.inLength(), p.kernelSize(), p.stride(), p.padding(), p.outLength())
                .i64(total)
                .build());
    }

    @Override
    public void maxPool1dBackward(MaxPool1dParams p, DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX) {
        scatterPooled(p, gradY, indices, null, gradX);
    }

    /** gradX = 0, then gradY added at indices (only where reluOut > 0 when reluOut is given). */
    private void scatterPooled(
            MaxPool1dParams p, DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer reluOut, DeviceBuffer gradX) {
        fill(gradX, (long) p.batch() * p.channels() * p.inLength(), 0f);
        long total = (long) p.batch() * p.channels() * p.outLength();
        host.launch(Launch.of(KernelCatalog.MAXPOOL_SCATTER, elementwise(total))
                .f32(gradY)
                .i32(indices)
                .f32(reluOut, gradX)
                .i32(p.inLength(), p.outLength())
                .i64(total)
                .build());
    }

    // ---- fused BatchNorm1d -> ReLU -> MaxPool1d ----------------------------------------------------------------

    @Override
    public void batchNormReluMaxPoolForward(BnReluPoolParams p, boolean training, BnReluPoolBuffers b) {
        BatchNormBuffers<DeviceBuffer> norm = b.norm();
        MaxPool1dParams pool = p.pool();
        DeviceBuffer mean = norm.runningMean();
        DeviceBuffer scaleSource = norm.runningVar();
        if (training) {
            statistics(p.bn(), b.x(), norm);
            mean = norm.saveMean();
            scaleSource = norm.saveInvStd();
        }
        long total = (long) pool.batch() * pool.channels() * pool.outLength();
        host.launch(Launch.of(KernelCatalog.BN_RELU_MAXPOOL, elementwise(total))
                .f32(b.x(), mean, scaleSource)
                .i32(!training)
                .f32(p.bn().eps())
                .f32(norm.gamma(), norm.beta(), b.pooled())
                .i32(b.indices())
                .i32(p.bn().channels())
                .i32(pool.inLength(), pool.kernelSize(), pool.stride(), pool.padding(), pool.outLength())
                .i64(total)
                .build());
    }

    @Override
    public void batchNormReluMaxPoolBackward(
            BnReluPoolParams p, BnReluPoolBuffers b, BatchNormGrads<DeviceBuffer> grads) {
        try (DeviceBuffer gradZ = host.scratch(DType.FLOAT32, elements(p.bn()))) {
            scatterPooled(p.pool(), grads.gradY(), b.indices(), b.pooled(), gradZ);
            batchNormBackward(p.bn(), b.x(), b.norm(), grads.withGradY(gradZ));
        }
    }

    // ---- softmax and losses ------------------------------------------------------------------------------------

    @Override
    public void logSoftmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        if (rows == 0) return;
        host.launch(Launch.of(KernelCatalog.LOG_SOFTMAX, perRow(rows))
                .f32(x, out)
                .i32(rows, cols)
                .build());
    }

    @Override
    public void logSoftmaxBackward(DeviceBuffer y, DeviceBuffer gradY, DeviceBuffer gradX, int rows, int cols) {
        if (rows == 0) return;
        host.launch(Launch.of(KernelCatalog.LOG_SOFTMAX_BACKWARD, perRow(rows))
                .f32(y, gradY, gradX)
                .i32(rows, cols)
                .build());
    }

    @Override
    public void crossEntropyForward(
            CrossEntropyParams p, DeviceBuffer logits, CrossEntropySaved saved, DeviceBuffer losses) {
        host.launch(Launch.of(KernelCatalog.CROSS_ENTROPY_FORWARD, perRow(p.rows()))
                .f32(logits)
                .i32(saved.labels())
                .f32(saved.logProbs(), losses)
                .i32(p.rows(), p.classes())
                .f32(p.labelSmoothing())
                .build());
    }

    @Override
    public void crossEntropyBackward(
            CrossEntropyParams p, CrossEntropySaved saved, DeviceBuffer gradLosses, DeviceBuffer gradLogits) {
        host.launch(Launch.of(KernelCatalog.CROSS_ENTROPY_BACKWARD, elementwise((long) p.rows() * p.classes()))
                .f32(saved.logProbs())
                .i32(saved.labels())
                .f32(gradLosses, gradLogits)
                .i32(p.rows(), p.classes())
                .f32(p.labelSmoothing())
                .build());
    }

    @Override
    public void nllForward(CrossEntropyParams p, DeviceBuffer logProbs, DeviceBuffer labels, DeviceBuffer losses) {
        host.launch(Launch.of(KernelCatalog.NLL_FORWARD, elementwise(p.rows()))
                .f32(logProbs)
                .i32(labels)
                .f32(losses)
                .i32(p.rows(), p.classes())
                .build());
    }

    @Override
    public void nllBackward(
            CrossEntropyParams p, DeviceBuffer labels, DeviceBuffer gradLosses, DeviceBuffer gradLogProbs) {
        host.launch(Launch.of(KernelCatalog.NLL_BACKWARD, elementwise((long) p.rows() * p.classes()))
                .i32(labels)
                .f32(gradLosses, gradLogProbs)
                .i32(p.rows(), p.classes())
                .build());
    }

    // ---- optimizer steps ---------------------------------------------------------------------------------------

    @Override
    public void sgdStep(SgdParams p, DeviceBuffer param, DeviceBuffer grad, DeviceBuffer momentumBuffer, long n) {
        if (n == 0) return;
        if (p.momentum() != 0f && momentumBuffer == null) {
            throw new IllegalArgumentException("SGD with momentum " + p.momentum() + " needs a momentum buffer");
        }
        host.launch(Launch.of(KernelCatalog.SGD, elementwise(n))
                .f32(param, grad, momentumBuffer)
                .i64(n)
                .f32(p.lr(), p.momentum(), p.dampening())
                .i32(p.nesterov())
                .f32(p.weightDecay())
                .i32(p.firstStep())
                .build());
    }

    @Override
    public void adamStep(AdamParams p, AdamBuffers<DeviceBuffer> b, long n) {
        if (n == 0) return;
        if (p.amsgrad() && b.maxExpAvgSq() == null) {
            throw new IllegalArgumentException("Adam with amsgrad needs a maxExpAvgSq buffer");
        }
        host.launch(Launch.of(KernelCatalog.ADAM, elementwise(n))
                .f32(b.param(), b.grad(), b.expAvg(), b.expAvgSq(), b.maxExpAvgSq())
                .i64(n)
                .f32(p.decoupledDecay(), p.beta1(), p.beta2(), p.eps(), p.weightDecay())
                .i32(p.decoupledWeightDecay(), p.amsgrad())
                .f32(p.stepSize(), p.bias2Sqrt())
                .build());
    }
}
