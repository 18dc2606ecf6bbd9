package dev.cochlea.kernels;

import static dev.cochlea.kernels.FiniteDifferences.check;
import static dev.cochlea.kernels.FiniteDifferences.gaussian;
import static dev.cochlea.kernels.FiniteDifferences.weightedSum;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backward kernel of the reference against central finite differences of its forward, on small random shapes.
 * The loss is sum(w * output) for fixed random w, so w is the gradient flowing in. Tolerance: see
 * {@link FiniteDifferences}.
 */
class GradientCheckTest {

    static Stream<Conv1dParams> convShapes() {
        return Stream.of(
                new Conv1dParams(2, 2, 3, 9, 3, 2, 1, 2),
                new Conv1dParams(1, 3, 2, 7, 4, 1, 2, 1),
                new Conv1dParams(2, 1, 1, 5, 5, 1, 0, 1),
                new Conv1dParams(1, 2, 2, 10, 2, 3, 0, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("convShapes")
    void conv1dBackward(Conv1dParams p) {
        Random random = new Random(p.hashCode());
        float[] x = gaussian(random, p.batch() * p.inChannels() * p.inLength());
        float[] w = gaussian(random, p.outChannels() * p.inChannels() * p.kernelSize());
        float[] bias = gaussian(random, p.outChannels());
        float[] gradY = gaussian(random, p.batch() * p.outChannels() * p.outLength());
        float[][] gradWB = Ref.convBackwardWeight(p, x, gradY);
        check("gradX", Ref.convBackwardInput(p, gradY, w), x, xs -> weightedSum(gradY, Ref.conv(p, xs, w, bias)));
        check("gradW", gradWB[0], w, ws -> weightedSum(gradY, Ref.conv(p, x, ws, bias)));
        check("gradBias", gradWB[1], bias, bs -> weightedSum(gradY, Ref.conv(p, x, w, bs)));
    }

    static Stream<BatchNormParams> batchNormShapes() {
        return Stream.of(
                new BatchNormParams(2, 3, 4, 1e-5f, 0.1f),
                new BatchNormParams(3, 2, 1, 1e-5f, 0.1f),
                new BatchNormParams(1, 2, 5, 1e-3f, 0.1f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batchNormShapes")
    void batchNormBackward(BatchNormParams p) {
        Random random = new Random(p.hashCode());
        float[] x = gaussian(random, p.batch() * p.channels() * p.length());
        float[] gamma = gaussian(random, p.channels());
        float[] beta = gaussian(random, p.channels());
        float[] gradY = gaussian(random, x.length);
        float[][] forward = Ref.batchNorm(p, x, gamma, beta, null, null);
        float[][] grads = Ref.batchNormBackward(p, x, gradY, gamma, forward[1], forward[2]);
        check("gradX", grads[0], x, xs -> weightedSum(gradY, Ref.batchNorm(p, xs, gamma, beta, null, null)[0]));
        check("gradGamma", grads[1], gamma, gs -> weightedSum(gradY, Ref.batchNorm(p, x, gs, beta, null, null)[0]));
        check("gradBeta", grads[2], beta, bs -> weightedSum(gradY, Ref.batchNorm(p, x, gamma, bs, null, null)[0]));
    }

    static Stream<MaxPool1dParams> poolShapes() {
        return Stream.of(
                new MaxPool1dParams(2, 2, 9, 3, 2, 1),
                new MaxPool1dParams(1, 2, 8, 2, 2, 0),
                new MaxPool1dParams(1, 1, 7, 4, 1, 2),
                new MaxPool1dParams(1, 1, 10, 2, 3, 0));
    }

    /** Inputs 0.25 apart, so no perturbation of 1e-2 changes a window's winner. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("poolShapes")
    void maxPool1dBackward(MaxPool1dParams p) {
        Random random = new Random(p.hashCode());
        float[] x = FiniteDifferences.spacedShuffled(random, p.batch() * p.channels() * p.inLength());
        Ref.Pooled pooled = Ref.maxPool(p, x);
        float[] gradY = gaussian(random, pooled.values().length);
        check(
                "gradX",
                Ref.maxPoolBackward(p, gradY, pooled.indices()),
                x,
                xs -> weightedSum(gradY, Ref.maxPool(p, xs).values()));
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("matrices")
    void logSoftmaxBackward(int rows, int cols) {
        Random random = new Random(rows * 31L + cols);
        float[] x = gaussian(random, rows * cols);
        float[] gradY = gaussian(random, x.length);
        float[] y = Ref.logSoftmax(x, rows, cols);
        float[] gradX;
        try (var io = Ref.io()) {
            DeviceBuffer g = io.nanFloats(x.length);
            Ref.K.logSoftmaxBackward(io.upload(y), io.upload(gradY), g, rows, cols);
            gradX = io.download(g);
        }
        check("gradX", gradX, x, xs -> weightedSum(gradY, Ref.logSoftmax(xs, rows, cols)));
    }

    static Stream<Arguments> matrices() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(3, 5), Arguments.of(2, 7));
    }

    static Stream<CrossEntropyParams> crossEntropyShapes() {
        return Stream.of(
                new CrossEntropyParams(3, 5, 0f), new CrossEntropyParams(4, 6, 0.2f), new CrossEntropyParams(1, 2, 1f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("crossEntropyShapes")
    void crossEntropyBackward(CrossEntropyParams p) {
        Random random = new Random(p.hashCode());
        float[] logits = gaussian(random, p.rows() * p.classes());
        int[] labels = new int[p.rows()];
        for (int r = 0; r < labels.length; r++) {
            labels[r] = random.nextInt(p.classes());
        }
        float[] gradLosses = gaussian(random, p.rows());
        float[] logProbs = Ref.crossEntropy(p, logits, labels)[0];
        check(
                "gradLogits",
                Ref.crossEntropyBackward(p, logProbs, labels, gradLosses),
                logits,
                ls -> weightedSum(gradLosses, Ref.crossEntropy(p, ls, labels)[1]));
    }

    static Stream<MaxPool1dParams> fusedShapes() {
        return Stream.of(
                new MaxPool1dParams(2, 3, 4, 2, 2, 0),
                new MaxPool1dParams(2, 2, 6, 3, 2, 1),
                new MaxPool1dParams(1, 2, 8, 4, 1, 2));
    }

    /**
     * Each channel holds an even number of values 0.25 apart, symmetric about their mean: batch-normalised values stay
     * apart (no winner changes under perturbation) and none sits near 0 where ReLU has its kink.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedShapes")
    void batchNormReluMaxPoolBackward(MaxPool1dParams pool) {
        BatchNormParams bn = new BatchNormParams(pool.batch(), pool.channels(), pool.inLength(), 1e-5f, 0.1f);
        Random random = new Random(pool.hashCode());
        float[] x = new float[pool.batch() * pool.channels() * pool.inLength()];
        for (int c = 0; c < bn.channels(); c++) {
            float[] values = FiniteDifferences.spacedShuffled(random, (int) bn.count());
            for (int n = 0; n < bn.batch(); n++) {
                for (int l = 0; l < bn.length(); l++) {
                    x[(n * bn.channels() + c) * bn.length() + l] = values[n * bn.length() + l] + 0.3f * c;
                }
            }
        }
        float[] gamma = new float[bn.channels()];
        for (int c = 0; c < gamma.length; c++) {
            gamma[c] = (c % 2 == 0 ? 1 : -1) * (0.5f + random.nextFloat()); // both signs: the winner can be the minimum
        }
        float[] beta = new float[bn.channels()];
        float[][] stats = new float[2][];
        Ref.Pooled forward = Ref.fused(bn, pool, x, gamma, beta, stats);
        float[] gradPooled = gaussian(random, forward.values().length);
        float[][] grads = Ref.fusedBackward(bn, pool, x, gamma, stats, forward, gradPooled);
        check(
                "gradX",
                grads[0],
                x,
                xs -> weightedSum(
                        gradPooled, Ref.fused(bn, pool, xs, gamma, beta, null).values()));
        check(
                "gradGamma",
                grads[1],
                gamma,
                gs -> weightedSum(
                        gradPooled, Ref.fused(bn, pool, x, gs, beta, null).values()));
        check(
                "gradBeta",
                grads[2],
                beta,
                bs -> weightedSum(
                        gradPooled, Ref.fused(bn, pool, x, gamma, bs, null).values()));
    }
}
