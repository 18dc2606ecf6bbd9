package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.CrossEntropyParams;
import dev.cochlea.kernels.CrossEntropySaved;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.conformance.ConformanceCases.MatrixCase;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Conformance of log-softmax, softmax cross-entropy and NLL, forward and backward. */
public interface LossConformance extends ConformanceSupport {

    /** One case adds 1000 to every logit: a backend that exponentiates without subtracting the max overflows. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "matrixCases")
    default void logSoftmax(MatrixCase c) {
        float[] x = RandomData.logits(RandomData.forCase(c), c.rows() * c.cols(), c.offset());
        assertConforms(c, io -> {
            DeviceBuffer out = io.nanFloats(x.length);
            io.kernels().logSoftmax(io.upload(x), out, c.rows(), c.cols());
            return new Outputs().sums("out", io.download(out), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "matrixCases")
    default void logSoftmaxBackward(MatrixCase c) {
        Random random = RandomData.forCase(c);
        float[] x = RandomData.logits(random, c.rows() * c.cols(), c.offset());
        float[] y = referenceLogSoftmax(x, c.rows(), c.cols());
        float[] gradY = RandomData.gaussian(random, x.length);
        assertConforms(c, io -> {
            DeviceBuffer gradX = io.nanFloats(x.length);
            io.kernels().logSoftmaxBackward(io.upload(y), io.upload(gradY), gradX, c.rows(), c.cols());
            return new Outputs().sums("gradX", io.download(gradX), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "crossEntropyCases")
    default void crossEntropyForward(CrossEntropyParams p) {
        LabelledLogits in = LabelledLogits.random(p);
        assertConforms(p, io -> {
            DeviceBuffer logProbs = io.nanFloats(in.logits().length);
            DeviceBuffer losses = io.nanFloats(p.rows());
            CrossEntropySaved saved = new CrossEntropySaved(logProbs, io.upload(in.labels()));
            io.kernels().crossEntropyForward(p, io.upload(in.logits()), saved, losses);
            return new Outputs()
                    .sums("logProbs", io.download(logProbs), SUMS)
                    .sums("losses", io.download(losses), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "crossEntropyCases")
    default void crossEntropyBackward(CrossEntropyParams p) {
        LabelledLogits in = LabelledLogits.random(p);
        float[] logProbs = referenceLogSoftmax(in.logits(), p.rows(), p.classes());
        float[] gradLosses = RandomData.uniform(in.random(), p.rows(), 0.1f, 1f);
        assertConforms(p, io -> {
            DeviceBuffer gradLogits = io.nanFloats(logProbs.length);
            io.kernels()
                    .crossEntropyBackward(
                            p,
                            new CrossEntropySaved(io.upload(logProbs), io.upload(in.labels())),
                            io.upload(gradLosses),
                            gradLogits);
            return new Outputs().sums("gradLogits", io.download(gradLogits), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "crossEntropyCases")
    default void nllForward(CrossEntropyParams p) {
        Random random = RandomData.forCase(p);
        float[] logProbs = RandomData.uniform(random, p.rows() * p.classes(), -8f, 0f);
        int[] labels = RandomData.labels(random, p.rows(), p.classes());
        assertConforms(p, io -> {
            DeviceBuffer losses = io.nanFloats(p.rows());
            io.kernels().nllForward(p, io.upload(logProbs), io.upload(labels), losses);
            return new Outputs().exact("losses", io.download(losses));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "crossEntropyCases")
    default void nllBackward(CrossEntropyParams p) {
        Random random = RandomData.forCase(p);
        int[] labels = RandomData.labels(random, p.rows(), p.classes());
        float[] gradLosses = RandomData.gaussian(random, p.rows());
        assertConforms(p, io -> {
            DeviceBuffer grad = io.nanFloats((long) p.rows() * p.classes());
            io.kernels().nllBackward(p, io.upload(labels), io.upload(gradLosses), grad);
            return new Outputs().exact("gradLogProbs", io.download(grad));
        });
    }

    /** The reference backend's log-softmax of x [rows, cols]: a backward pass's saved forward output. */
    private static float[] referenceLogSoftmax(float[] x, int rows, int cols) {
        return ConformanceSupport.onReference(io -> {
            DeviceBuffer out = io.nanFloats(x.length);
            io.kernels().logSoftmax(io.upload(x), out, rows, cols);
            return io.download(out);
        });
    }
}
