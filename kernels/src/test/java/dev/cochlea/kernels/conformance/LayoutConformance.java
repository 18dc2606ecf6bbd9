package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.conformance.ConformanceCases.MatrixCase;
import dev.cochlea.kernels.conformance.ConformanceCases.PermuteCase;
import dev.cochlea.kernels.conformance.ConformanceCases.ReduceCase;
import dev.cochlea.kernels.conformance.ConformanceCases.SumToShapeCase;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Conformance of reduce, sumToShape, permute and argmax. */
public interface LayoutConformance extends ConformanceSupport {

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "reduceCases")
    default void reduce(ReduceCase c) {
        float[] x = RandomData.gaussian(RandomData.forCase(c), c.outer() * c.reduced() * c.inner());
        int n = c.outer() * c.inner();
        assertConforms(c, io -> {
            DeviceBuffer out = io.nanFloats(n);
            io.kernels().reduce(c.op(), io.upload(x), out, c.outer(), c.reduced(), c.inner());
            float[] result = io.download(out);
            // A maximum is one of the inputs: no rounding, so it must match exactly.
            return c.op() == ReduceOp.MAX
                    ? new Outputs().exact("out", result)
                    : new Outputs().sums("out", result, SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "sumToShapeCases")
    default void sumToShape(SumToShapeCase c) {
        float[] x = RandomData.gaussian(RandomData.forCase(c), size(c.xShape()));
        assertConforms(c, io -> {
            DeviceBuffer out = io.nanFloats(size(c.outShape()));
            io.kernels()
                    .sumToShape(
                            io.upload(x), c.xShape().clone(), out, c.outShape().clone());
            return new Outputs().sums("out", io.download(out), SUMS);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "permuteCases")
    default void permute(PermuteCase c) {
        float[] x = RandomData.gaussian(RandomData.forCase(c), size(c.xShape()));
        assertConforms(c, io -> {
            DeviceBuffer out = io.nanFloats(x.length);
            io.kernels().permute(io.upload(x), c.xShape().clone(), c.perm().clone(), out);
            return new Outputs().exact("out", io.download(out));
        });
    }

    /** Random continuous data has no ties, so the first-index rule is exercised by the reference's own tests. */
    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "matrixCases")
    default void argmax(MatrixCase c) {
        Random random = RandomData.forCase(c);
        float[] x = RandomData.gaussian(random, c.rows() * c.cols());
        assertConforms(c, io -> {
            DeviceBuffer out = io.garbageInts(c.rows());
            io.kernels().argmax(io.upload(x), out, c.rows(), c.cols());
            return new Outputs().exact("argmax", io.downloadInts(out));
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
