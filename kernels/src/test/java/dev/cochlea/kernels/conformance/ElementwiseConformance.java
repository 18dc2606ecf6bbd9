package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.Broadcast;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.UnaryOp;
import dev.cochlea.kernels.conformance.ConformanceCases.BinaryCase;
import dev.cochlea.kernels.conformance.ConformanceCases.DropoutCase;
import dev.cochlea.kernels.conformance.ConformanceCases.UnaryCase;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Conformance of fill, copy, unary, affine, axpy, binary (with broadcasting), reluBackward and dropout. */
public interface ElementwiseConformance extends ConformanceSupport {

    @ParameterizedTest(name = "n={0}")
    @MethodSource(CASES + "lengths")
    default void fill(int n) {
        assertConforms("n=" + n, io -> {
            DeviceBuffer out = io.nanFloats(n);
            io.kernels().fill(out, n, -0.75f);
            return new Outputs().exact("out", io.download(out));
        });
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource(CASES + "lengths")
    default void copy(int n) {
        Random random = RandomData.forCase("copy" + n);
        float[] x = RandomData.gaussian(random, n);
        int[] labels = RandomData.labels(random, n, 1000);
        assertConforms("n=" + n, io -> {
            DeviceBuffer floats = io.nanFloats(n);
            DeviceBuffer ints = io.garbageInts(n);
            io.kernels().copy(io.upload(x), floats, n);
            io.kernels().copy(io.upload(labels), ints, n);
            return new Outputs().exact("floats", io.download(floats)).exact("ints", io.downloadInts(ints));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "unaryCases")
    default void unary(UnaryCase c) {
        float[] x = unaryInput(c.op(), RandomData.forCase(c), c.n());
        assertConforms(c, io -> {
            DeviceBuffer in = io.upload(x);
            DeviceBuffer out = c.inPlace() ? in : io.nanFloats(c.n());
            io.kernels().unary(c.op(), in, out, c.n());
            return new Outputs().pointwise("out", io.download(out), POINTWISE);
        });
    }

    /** Inputs inside each function's domain (log and sqrt of positives, reciprocals away from 0, exp without overflow). */
    private static float[] unaryInput(UnaryOp op, Random random, int n) {
        switch (op) {
            case LOG:
            case SQRT:
                return RandomData.uniform(random, n, 0.05f, 5f);
            case RECIPROCAL:
                return RandomData.awayFromZero(random, n, 0.1f);
            default:
                return RandomData.gaussian(random, n, 3f);
        }
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource(CASES + "lengths")
    default void affine(int n) {
        float[] x = RandomData.gaussian(RandomData.forCase("affine" + n), n);
        assertConforms("n=" + n, io -> {
            DeviceBuffer out = io.nanFloats(n);
            DeviceBuffer inPlace = io.upload(x);
            io.kernels().affine(io.upload(x), out, n, 1.5f, -0.25f);
            io.kernels().affine(inPlace, inPlace, n, -0.5f, 2f);
            return new Outputs()
                    .pointwise("out", io.download(out), POINTWISE)
                    .pointwise("inPlace", io.download(inPlace), POINTWISE);
        });
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource(CASES + "lengths")
    default void axpy(int n) {
        Random random = RandomData.forCase("axpy" + n);
        float[] x = RandomData.gaussian(random, n);
        float[] y = RandomData.gaussian(random, n);
        assertConforms("n=" + n, io -> {
            DeviceBuffer acc = io.upload(y);
            io.kernels().axpy(-0.3f, io.upload(x), acc, n);
            return new Outputs().pointwise("y", io.download(acc), POINTWISE);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "binaryCases")
    default void binary(BinaryCase c) {
        Broadcast shape = Broadcast.of(c.aShape(), c.bShape());
        Random random = RandomData.forCase(c);
        float[] a = RandomData.gaussian(random, size(c.aShape()));
        float[] b2 = RandomData.awayFromZero(random, size(c.bShape()), 0.1f); // safe divisors
        int n = (int) shape.outSize();
        assertConforms(c, io -> {
            DeviceBuffer in = io.upload(a);
            DeviceBuffer out = c.outIsA() ? in : io.nanFloats(n);
            io.kernels().binary(c.op(), in, io.upload(b2), out, shape);
            return new Outputs().pointwise("out", io.download(out), POINTWISE);
        });
    }

    @ParameterizedTest(name = "n={0}")
    @MethodSource(CASES + "lengths")
    default void reluBackward(int n) {
        Random random = RandomData.forCase("reluBackward" + n);
        float[] x = RandomData.gaussian(random, n);
        for (int i = 0; i < n; i += 5) {
            x[i] = 0f; // the mask is x > 0, strictly: zero passes no gradient
        }
        float[] gradOut = RandomData.gaussian(random, n);
        assertConforms("n=" + n, io -> {
            DeviceBuffer gradIn = io.nanFloats(n);
            io.kernels().reluBackward(io.upload(x), io.upload(gradOut), gradIn, n);
            return new Outputs().exact("gradIn", io.download(gradIn));
        });
    }

    /** The mask must be bit-identical on every backend: that is what the counter-based generator is for. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "dropoutCases")
    default void dropout(DropoutCase c) {
        float[] x = RandomData.gaussian(RandomData.forCase(c), c.n());
        assertConforms(c, io -> {
            DeviceBuffer mask = io.nanFloats(c.n());
            DeviceBuffer out = io.nanFloats(c.n());
            io.kernels().dropout(io.upload(x), mask, out, c.n(), c.p(), c.seed());
            return new Outputs().exact("mask", io.download(mask)).pointwise("out", io.download(out), POINTWISE);
        });
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
