package dev.cochlea.kernels;

/**
 * The primitives every backend implements, with explicit shapes. All buffers belong to the backend that owns this
 * object, hold float32 unless an argument says int32, are contiguous and row-major, and start at element 0.
 * Output buffers are overwritten (never accumulated into) unless a method says otherwise; an output never aliases an
 * input unless the method says it may. Kernels trust their arguments: shapes are checked by core before the call.
 * The {@link ReferenceBackend} is the definition of each method; its loops are the specification.
 */
public interface Kernels {

    // ---- element-wise ------------------------------------------------------------------------------------------

    /** out[i] = value for i &lt; n. */
    void fill(DeviceBuffer out, long n, float value);

    /** dst[i] = src[i] for i &lt; n (float32 or int32, both the same dtype). */
    void copy(DeviceBuffer src, DeviceBuffer dst, long n);

    /** out[i] = op(x[i]); out may be x. */
    void unary(UnaryOp op, DeviceBuffer x, DeviceBuffer out, long n);

    /** out[i] = x[i] * scale + shift; out may be x. */
    void affine(DeviceBuffer x, DeviceBuffer out, long n, float scale, float shift);

    /** y[i] += alpha * x[i] (gradient accumulation). */
    void axpy(float alpha, DeviceBuffer x, DeviceBuffer y, long n);

    /** out[idx] = op(a[idx . aStrides], b[idx . bStrides]) over every index of outShape; out may be a or b when not broadcast. */
    void binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, Broadcast shape);

    /** gradIn[i] = x[i] > 0 ? gradOut[i] : 0, where x is the ReLU's input (or its output: the mask is the same). */
    void reluBackward(DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gradIn, long n);

    /**
     * Dropout with a counter-based generator so every backend draws the same mask: mask[i] = {@link CounterRng#uniform}
     * (seed, i) &gt;= p ? 1 / (1 - p) : 0, and out[i] = x[i] * mask[i]. Requires 0 &lt;= p &lt; 1.
     */
    void dropout(DeviceBuffer x, DeviceBuffer mask, DeviceBuffer out, long n, float p, long seed);

    // ---- reductions and layout ---------------------------------------------------------------------------------

    /** x viewed as [outer, reduced, inner]; out[o, i] = op over r of x[o, r, i]. Sums accumulate in at least float32. */
    void reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer out, int outer, int reduced, int inner);

    /**
     * Sums x of shape xShape into out of shape outShape (same rank, each out axis either equal to x's or 1): the
     * reverse of broadcasting, used by the backward pass of broadcast ops.
     */
    void sumToShape(DeviceBuffer x, int[] xShape, DeviceBuffer out, int[] outShape);

    /** out = x with its axes permuted: out axis j is x axis perm[j]; xShape is x's shape. */
    void permute(DeviceBuffer x, int[] xShape, int[] perm, DeviceBuffer out);

    /** out[r] (int32) = the first index of the largest value of row r of x [rows, cols]. */
    void argmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols);

    // ---- matrix product ----------------------------------------------------------------------------------------

    /** See {@link GemmParams}. */
    void gemm(GemmParams p, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c);

    // ---- convolution -------------------------------------------------------------------------------------------

    /** y [N, Cout, Lout] = conv1d(x [N, Cin, L], w [Cout, Cin, K]) + bias [Cout] (bias may be null). */
    void conv1dForward(Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y);

    /** gradX [N, Cin, L] = dLoss/dx given gradY [N, Cout, Lout] and w. */
    void conv1dBackwardInput(Conv1dParams p, DeviceBuffer gradY, DeviceBuffer w, DeviceBuffer gradX);

    /** gradW [Cout, Cin, K] and gradBias [Cout] (null to skip) from x and gradY. Overwrites both. */
    void conv1dBackwardWeight(
            Conv1dParams p, DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradW, DeviceBuffer gradBias);

    // ---- inference conv block (Conv1d with folded batch norm -> ReLU -> MaxPool1d) -----------------------------

    /**
     * y [N, Cout, p.outLength()] = maxPool(relu(conv1d(x, weights.weight) + weights.bias)) as {@link ConvBlockParams}
     * describes (the bias may be null; ReLU and pool optional). Inference only: no indices are kept. A backend that fuses the block reads
     * nothing from {@code scratch} (it may be null); the default runs {@link #conv1dForward}, {@link #unary} and
     * {@link #maxPool1dForward} in turn through the scratch buffers. ReLU before or after the max gives the same
     * result, since ReLU is monotone.
     */
    default void conv1dBlockForward(
            ConvBlockParams p, DeviceBuffer x, Conv1dWeights weights, DeviceBuffer y, ConvBlockScratch scratch) {
        DeviceBuffer convOut = p.pool() == null ? y : scratch.convOut();
        conv1dForward(p.conv(), x, weights.weight(), weights.bias(), convOut);
        if (p.relu()) {
            unary(UnaryOp.RELU, convOut, convOut, p.convOutSize());
        }
        if (p.pool() != null) {
            maxPool1dForward(p.pool(), convOut, y, scratch.poolIndices());
        }
    }

    /**
     * Floats of the layout {@link #packConvWeight} writes for a convolution weight [outChannels, inChannels,
     * kernelSize], or 0 (the default) where {@link #conv1dBlockForward} reads the weight as it is.
     */
    default long packedConvWeightSize(int outChannels, int inChannels, int kernelSize) {
        return 0;
    }

    /**
     * Rearranges {@code weight} [outChannels, inChannels, kernelSize] into {@code packed} ({@link
     * #packedConvWeightSize} floats), the layout this backend's {@link #conv1dBlockForward} reads, once for weights
     * that stay fixed over many calls; pass it as {@link Conv1dWeights#packed()}. The block's output is then the same,
     * bit for bit, as from the weight alone.
     */
    default void packConvWeight(
            DeviceBuffer weight, int outChannels, int inChannels, int kernelSize, DeviceBuffer packed) {
        throw new UnsupportedOperationException("this backend reads convolution weights as they are");
    }

    /** True when {@link #conv1dBlockForward} runs as one kernel and needs no {@link ConvBlockScratch}. */
    default boolean fusesConvBlocks() {
        return false;
    }

    /**
     * Bytes of one activation that inference on this backend runs best within: an inference plan splits a batch into
     * micro-batches whose largest activation fits, so that each layer's output is read back from cache by the next
     * (a CPU's L2), instead of running every layer over the whole batch. {@link Long#MAX_VALUE} (the default, right
     * for a GPU, which wants the whole batch) never splits.
     */
    default long inferenceWorkingSetBytes() {
        return Long.MAX_VALUE;
    }

    // ---- batch normalisation -----------------------------------------------------------------------------------

    /**
     * Training mode: per channel c, mean and biased variance over (batch, length); y = (x - mean) * invStd * gamma +
     * beta with invStd = 1 / sqrt(var + eps); gamma/beta null mean 1/0. Writes b.saveMean [C] and b.saveInvStd [C].
     * If b.runningMean/b.runningVar are non-null, updates them in place: r = (1 - momentum) r + momentum * stat,
     * using the unbiased variance (var * count / (count - 1)) for runningVar, as PyTorch does.
     */
    void batchNormForwardTraining(BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y);

    /**
     * Evaluation mode: y = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta (gamma/beta may be null); the
     * saved statistics of b are not used.
     */
    void batchNormForwardInference(BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y);

    /**
     * Backward of training mode, reading b.gamma, b.saveMean and b.saveInvStd. With xhat = (x - mean) * invStd and
     * M = batch * length: gradBeta = sum(gradY), gradGamma = sum(gradY * xhat), gradX = gamma * invStd / M * (M gradY
     * - gradBeta - xhat gradGamma), gradY being grads.gradY. gamma null means 1; grads.gradGamma/gradBeta may be null
     * to skip them.
     */
    void batchNormBackward(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, BatchNormGrads<DeviceBuffer> grads);

    // ---- pooling -----------------------------------------------------------------------------------------------

    /** y and indices (int32, position in the input row of the first maximum) of shape [N, C, Lout]. */
    void maxPool1dForward(MaxPool1dParams p, DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices);

    /** gradX [N, C, L] = 0 everywhere, plus gradY scattered (added) to indices. */
    void maxPool1dBackward(MaxPool1dParams p, DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX);

    // ---- fused BatchNorm1d -> ReLU -> MaxPool1d (the conv block's tail) --------------------------------------

    /**
     * b.pooled = maxPool(relu(batchNorm(b.x))) without materialising the normalised activations. Statistics, saved
     * and running statistics exactly as {@link #batchNormForwardTraining} with b.norm; pooled and indices as
     * {@link #maxPool1dForward} applied to z = batchNorm(x) (relu commutes with max, so pooled = relu(max z) and the
     * index is that of max z). Inference mode when {@code training} is false: running statistics normalise, and
     * b.norm's saveMean and saveInvStd may be null and are not written.
     */
    void batchNormReluMaxPoolForward(BnReluPoolParams p, boolean training, BnReluPoolBuffers b);

    /**
     * Backward of the training-mode fused block, given the forward's b: the gradient reaching z is grads.gradY (the
     * pooled output's gradient) scattered to b.indices where b.pooled &gt; 0 (ReLU's mask), then
     * {@link #batchNormBackward} with b.norm and the other grads.
     */
    void batchNormReluMaxPoolBackward(BnReluPoolParams p, BnReluPoolBuffers b, BatchNormGrads<DeviceBuffer> grads);

    // ---- softmax and losses ------------------------------------------------------------------------------------

    /** out [rows, cols] = x - logsumexp(x) per row (max-subtracted for stability). */
    void logSoftmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols);

    /** gradX = gradY - exp(y) * rowSum(gradY), where y is the log-softmax output. */
    void logSoftmaxBackward(DeviceBuffer y, DeviceBuffer gradY, DeviceBuffer gradX, int rows, int cols);

    /**
     * Per-row softmax cross-entropy: saved.logProbs [rows, classes] = logSoftmax(logits); losses [rows] =
     * -(1 - e) logProbs[label] - e / classes * sum(logProbs), e = label smoothing; saved.labels int32.
     */
    void crossEntropyForward(CrossEntropyParams p, DeviceBuffer logits, CrossEntropySaved saved, DeviceBuffer losses);

    /** gradLogits[r, c] = gradLosses[r] * (exp(logProbs[r, c]) - target[r, c]), target as in the forward. */
    void crossEntropyBackward(
            CrossEntropyParams p, CrossEntropySaved saved, DeviceBuffer gradLosses, DeviceBuffer gradLogits);

    /** losses[r] = -logProbs[r, labels[r]] (label smoothing ignored). */
    void nllForward(CrossEntropyParams p, DeviceBuffer logProbs, DeviceBuffer labels, DeviceBuffer losses);

    /** gradLogProbs[r, c] = c == labels[r] ? -gradLosses[r] : 0. */
    void nllBackward(CrossEntropyParams p, DeviceBuffer labels, DeviceBuffer gradLosses, DeviceBuffer gradLogProbs);

    // ---- optimizer steps (in place) ----------------------------------------------------------------------------

    /** See {@link SgdParams}; momentumBuffer may be null when momentum is 0. Updates param (and the buffer) in place. */
    void sgdStep(SgdParams p, DeviceBuffer param, DeviceBuffer grad, DeviceBuffer momentumBuffer, long n);

    /** See {@link AdamParams}; b.maxExpAvgSq may be null unless amsgrad. Updates param and the moments in place. */
    void adamStep(AdamParams p, AdamBuffers<DeviceBuffer> b, long n);
}
