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
        float[] x = logits(RandomData.forCase(c), c.rows() * c.cols(), c.offset());
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
        float[] x = logits(random, c.rows() * c.cols(), c.offset());
        float[] y = ConformanceSupport.onReference(io -> {
            DeviceBuffer out = io.nanFloats(x.length);
            io.kernels().logSoftmax(io.upload(x), out, c.rows(), c.cols());
            return io.download(out);
        });
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
        Random random = RandomData.forCase(p);
        float[] x = logits(random, p.rows() * p.classes(), 0f);
        int[] labels = RandomData.labels(random, p.rows(), p.classes());
        assertConforms(p, io -> {
            DeviceBuffer logProbs = io.nanFloats(x.length);
            DeviceBuffer losses = io.nanFloats(p.rows());
            io.kernels()
                    .crossEntropyForward(p, io.upload(x), new CrossEntropySaved(logProbs, io.upload(labels)), losses);
            return new Outputs()
                    .sums("logProbs", io.download(logProbs), SUMS)
                    .sums("losses", io.download(losses), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "crossEntropyCases")
    default void crossEntropyBackward(CrossEntropyParams p) {
        Random random = RandomData.forCase(p);
        float[] x = logits(random, p.rows() * p.classes(), 0f);
        int[] labels = RandomData.labels(random, p.rows(), p.classes());
        float[] logProbs = ConformanceSupport.onReference(io -> {
            DeviceBuffer out = io.nanFloats(x.length);
            io.kernels().logSoftmax(io.upload(x), out, p.rows(), p.classes());
            return io.download(out);
        });
        float[] gradLosses = RandomData.uniform(random, p.rows(), 0.1f, 1f);
        assertConforms(p, io -> {
            DeviceBuffer gradLogits = io.nanFloats(x.length);
            io.kernels()
                    .crossEntropyBackward(
                            p,
                            new CrossEntropySaved(io.upload(logProbs), io.upload(labels)),
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

    /** Logits with a spread typical of a classifier, shifted by {@code offset}. */
    private static float[] logits(Random random, int n, float offset) {
        float[] x = RandomData.gaussian(random, n, 2f);
        for (int i = 0; i < n; i++) {
            x[i] += offset;
        }
        return x;
    }
}
