package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.AdamBuffers;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.conformance.ConformanceCases.AdamCase;
import dev.cochlea.kernels.conformance.ConformanceCases.SgdCase;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Conformance of the in-place optimizer steps. Besides the new parameters (element-wise tolerance), the update
 * new - old is compared on its own scale, because an update of 1e-3 hides inside the rounding of a parameter of 1.
 */
public interface OptimizerConformance extends ConformanceSupport {

    /** The update's tolerance: float32 rounding of the parameter itself is ~1e-7 of |p|, a few 1e-5 of an update. */
    double UPDATE = 1e-3;

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "sgdCases")
    default void sgdStep(SgdCase c) {
        StepInputs in = StepInputs.random(c, c.n());
        float[] momentum = RandomData.gaussian(in.random(), c.n(), 0.5f);
        boolean hasBuffer = c.p().momentum() != 0f;
        assertConforms(c, io -> {
            DeviceBuffer p = io.upload(in.param());
            // On the first step the buffer's old contents must be ignored: start it as NaN.
            DeviceBuffer buf = !hasBuffer ? null : c.p().firstStep() ? io.nanFloats(c.n()) : io.upload(momentum);
            io.kernels().sgdStep(c.p(), p, io.upload(in.grad()), buf, c.n());
            Outputs out = in.updated(io.download(p), POINTWISE, UPDATE);
            return hasBuffer ? out.pointwise("momentumBuffer", io.download(buf), POINTWISE) : out;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(CASES + "adamCases")
    default void adamStep(AdamCase c) {
        StepInputs in = StepInputs.random(c, c.n());
        Random random = in.random();
        boolean first = c.p().step() == 1;
        // Moments as after a few steps; zero before the first, as PyTorch initialises them.
        float[] expAvg = first ? new float[c.n()] : RandomData.gaussian(random, c.n(), 0.1f);
        float[] expAvgSq = first ? new float[c.n()] : RandomData.uniform(random, c.n(), 1e-4f, 1e-2f);
        float[] maxExpAvgSq = first ? new float[c.n()] : RandomData.uniform(random, c.n(), 1e-4f, 2e-2f);
        assertConforms(c, io -> {
            DeviceBuffer p = io.upload(in.param());
            DeviceBuffer m = io.upload(expAvg);
            DeviceBuffer v = io.upload(expAvgSq);
            DeviceBuffer vMax = c.p().amsgrad() ? io.upload(maxExpAvgSq) : null;
            io.kernels().adamStep(c.p(), new AdamBuffers<>(p, io.upload(in.grad()), m, v, vMax), c.n());
            Outputs out = in.updated(io.download(p), POINTWISE, UPDATE)
                    .pointwise("expAvg", io.download(m), POINTWISE)
                    .pointwise("expAvgSq", io.download(v), POINTWISE);
            return c.p().amsgrad() ? out.pointwise("maxExpAvgSq", io.download(vMax), POINTWISE) : out;
        });
    }
}
