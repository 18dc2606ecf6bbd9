package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shape of the backend contract: short signatures, buffers that travel together grouped in records. */
class KernelsShapeTest {

    /**
     * Beyond a handful of positional arguments a call site can no longer be checked by eye; group them in a record.
     * Six is the longest list today (dropout, reduce); the bound was eight.
     */
    @Test
    void noKernelsMethodTakesMoreThanSixParameters() {
        List<String> tooLong = Arrays.stream(Kernels.class.getMethods())
                .filter(m -> m.getParameterCount() > 6)
                .map(Method::getName)
                .toList();
        assertEquals(List.of(), tooLong);
    }

    @Test
    void batchNormBuffersAreBuiltByNameAndMappedWithNullsKept() {
        float[] gamma = {1};
        float[] mean = {2};
        float[] var = {3};
        float[] saved = {4};
        float[] invStd = {5};
        BatchNormBuffers<float[]> b = BatchNormBuffers.affine(gamma, (float[]) null)
                .withRunning(mean, var)
                .withSaved(saved, invStd);
        assertSame(gamma, b.gamma());
        assertNull(b.beta());
        assertSame(mean, b.runningMean());
        assertSame(var, b.runningVar());
        assertSame(saved, b.saveMean());
        assertSame(invStd, b.saveInvStd());
        BatchNormBuffers<Float> firsts = b.map(a -> a[0]);
        assertEquals(new BatchNormBuffers<>(1f, null, 2f, 3f, 4f, 5f), firsts);
        assertEquals(
                new BatchNormGrads<>(6f, 7f, null, 8f),
                new BatchNormGrads<>(new float[] {6}, new float[] {7}, null, new float[] {8}).map(a -> a[0]));
    }

    /** The per-step scalars every backend reads, against PyTorch's formulas evaluated in double. */
    @Test
    void adamDerivesItsPerStepScalarsOnce() {
        AdamParams p = new AdamParams(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, true, false, 3);
        assertEquals((float) (1e-3f / (1 - Math.pow(0.9f, 3))), p.stepSize());
        assertEquals((float) Math.sqrt(1 - Math.pow(0.999f, 3)), p.bias2Sqrt());
        assertEquals((float) (1 - (double) 1e-3f * 0.01f), p.decoupledDecay());
        assertEquals((float) (1.0 - 0.9f), p.oneMinusBeta1());
        assertEquals((float) (1.0 - 0.999f), p.oneMinusBeta2());
    }
}
