package dev.cochlea.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.MaxPool1dParams;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The training forward of BN -> ReLU -> MaxPool chooses window winners under sign(gamma) during the statistics pass;
 * it must give the bits of the two-pass path, which chooses under sign(scale) after it, for every sign of gamma,
 * including gamma = 0 and a gamma so small that gamma * invStd rounds to a scale of 0.
 */
class FusedPoolForwardTest {

    @Test
    void choosesTheSameWinnersAndValuesAsTheTwoPassPath() {
        float[] gamma = {1.5f, -0.7f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE};
        int batch = 3;
        int channels = gamma.length;
        int length = 4 * 37 + 3; // a scalar tail of windows, and positions no window reads
        BatchNormParams bn = new BatchNormParams(batch, channels, length, 1e-5f, 0.1f);
        MaxPool1dParams pool = new MaxPool1dParams(batch, channels, length, 4, 4, 0);
        float[] x = new float[batch * channels * length];
        Random random = new Random(7);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 100);
        }
        float[] beta = {0.1f, -0.2f, 0.3f, 0f, 0.5f};
        int pooledSize = batch * channels * pool.outLength();
        Parallel par = new Parallel(2);

        BatchNormBuffers<float[]> twoPass = buffers(gamma, beta, channels);
        float[] expected = new float[pooledSize];
        int[] expectedIndices = new int[pooledSize];
        BatchNorm.Affine affine = BatchNorm.trainingAffine(par, bn, x, twoPass);
        MaxPool.pool(par, pool, x, affine, true, expected, expectedIndices);
        assertEquals(0f, affine.scale[3], "gamma = MIN_VALUE must underflow to a zero scale for this test");

        BatchNormBuffers<float[]> fused = buffers(gamma, beta, channels);
        float[] pooled = new float[pooledSize];
        int[] indices = new int[pooledSize];
        MaxPool.fusedForward(par, bn, pool, true, x, fused, pooled, indices);

        assertArrayEquals(expectedIndices, indices);
        for (int i = 0; i < pooledSize; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(pooled[i]), "pooled[" + i + "]");
        }
        assertArrayEquals(twoPass.saveMean(), fused.saveMean());
        assertArrayEquals(twoPass.runningVar(), fused.runningVar());
    }

    private static BatchNormBuffers<float[]> buffers(float[] gamma, float[] beta, int channels) {
        float[] runningVar = new float[channels];
        java.util.Arrays.fill(runningVar, 1f);
        return BatchNormBuffers.affine(gamma.clone(), beta.clone())
                .withRunning(new float[channels], runningVar)
                .withSaved(new float[channels], new float[channels]);
    }
}
