package dev.cochlea.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.kernels.conformance.Buffers;
import org.junit.jupiter.api.Test;

/** One optimizer step at a time, computed by hand from PyTorch 1.13's update rules. */
class ReferenceOptimTest {
    private static final double TOL = 1e-6;

    /** {param, momentumBuffer} after one SGD step from param 1, gradient 0.5 and the given buffer. */
    private static float[] sgd(SgdParams p, float buffer) {
        try (Buffers io = Ref.io()) {
            DeviceBuffer param = io.upload(new float[] {1});
            DeviceBuffer buf = io.upload(new float[] {buffer});
            Ref.K.sgdStep(p, param, io.upload(new float[] {0.5f}), buf, 1);
            return new float[] {io.download(param)[0], io.download(buf)[0]};
        }
    }

    @Test
    void sgdPlainAndWithWeightDecay() {
        assertEquals(1 - 0.1 * 0.5, sgd(new SgdParams(0.1f, 0, 0, false, 0, false), 0)[0], TOL);
        assertEquals(1 - 0.1 * (0.5 + 0.2), sgd(new SgdParams(0.1f, 0, 0, false, 0.2f, false), 0)[0], TOL);
    }

    @Test
    void sgdMomentumDampeningAndNesterov() {
        float[] first = sgd(new SgdParams(0.1f, 0.9f, 0.1f, false, 0, true), Float.NaN);
        assertEquals(0.5, first[1], TOL, "the first step copies the gradient into the buffer, undampened");
        assertEquals(1 - 0.1 * 0.5, first[0], TOL);
        float[] later = sgd(new SgdParams(0.1f, 0.9f, 0.1f, false, 0, false), 0.5f);
        assertEquals(0.9 * 0.5 + 0.9 * 0.5, later[1], TOL, "momentum * buf + (1 - dampening) * d");
        assertEquals(1 - 0.1 * 0.9, later[0], TOL);
        float[] nesterov = sgd(new SgdParams(0.1f, 0.9f, 0, true, 0, false), 0.5f);
        double buf = 0.9 * 0.5 + 0.5;
        assertEquals(buf, nesterov[1], TOL);
        assertEquals(1 - 0.1 * (0.5 + 0.9 * buf), nesterov[0], TOL);
    }

    /** {param, m, v, vmax} after one Adam step from param 1, gradient 0.2, m 0.05, v 2.5e-4, vmax 1e-3. */
    private static float[] adam(AdamParams p) {
        try (Buffers io = Ref.io()) {
            DeviceBuffer param = io.upload(new float[] {1});
            DeviceBuffer m = io.upload(new float[] {0.05f});
            DeviceBuffer v = io.upload(new float[] {2.5e-4f});
            DeviceBuffer vmax = io.upload(new float[] {1e-3f});
            Ref.K.adamStep(
                    p, new AdamBuffers<>(param, io.upload(new float[] {0.2f}), m, v, p.amsgrad() ? vmax : null), 1);
            return new float[] {io.download(param)[0], io.download(m)[0], io.download(v)[0], io.download(vmax)[0]};
        }
    }

    @Test
    void adamSecondStepByHand() {
        float[] got = adam(new AdamParams(0.1f, 0.9f, 0.999f, 1e-8f, 0, false, false, 2));
        double m = 0.9 * 0.05 + 0.1 * 0.2;
        double v = 0.999 * 2.5e-4 + 0.001 * 0.2 * 0.2;
        double stepSize = 0.1 / (1 - 0.9 * 0.9);
        double denom = Math.sqrt(v) / Math.sqrt(1 - 0.999 * 0.999) + 1e-8;
        assertEquals(m, got[1], TOL);
        assertEquals(v, got[2], 1e-9);
        assertEquals(1 - stepSize * m / denom, got[0], 1e-5);
    }

    @Test
    void adamCoupledAndDecoupledWeightDecay() {
        double stepSize = 0.1 / (1 - 0.9 * 0.9);
        double bc2 = Math.sqrt(1 - 0.999 * 0.999);
        // Adam: the decay joins the gradient, g = 0.2 + 0.5 * 1.
        float[] adam = adam(new AdamParams(0.1f, 0.9f, 0.999f, 1e-8f, 0.5f, false, false, 2));
        double m = 0.9 * 0.05 + 0.1 * 0.7;
        double v = 0.999 * 2.5e-4 + 0.001 * 0.7 * 0.7;
        assertEquals(1 - stepSize * m / (Math.sqrt(v) / bc2 + 1e-8), adam[0], 1e-5);
        // AdamW: the parameter shrinks by 1 - lr * decay first; the moments see the raw gradient.
        float[] adamW = adam(new AdamParams(0.1f, 0.9f, 0.999f, 1e-8f, 0.5f, true, false, 2));
        m = 0.9 * 0.05 + 0.1 * 0.2;
        v = 0.999 * 2.5e-4 + 0.001 * 0.2 * 0.2;
        assertEquals((1 - 0.1 * 0.5) - stepSize * m / (Math.sqrt(v) / bc2 + 1e-8), adamW[0], 1e-5);
    }

    @Test
    void amsgradNormalisesByTheLargestSecondMoment() {
        float[] got = adam(new AdamParams(0.1f, 0.9f, 0.999f, 1e-8f, 0, false, true, 2));
        double m = 0.9 * 0.05 + 0.1 * 0.2;
        double vmax = 1e-3; // larger than the new v = 2.897e-4
        assertEquals(vmax, got[3], 1e-9);
        double stepSize = 0.1 / (1 - 0.9 * 0.9);
        assertEquals(1 - stepSize * m / (Math.sqrt(vmax) / Math.sqrt(1 - 0.999 * 0.999) + 1e-8), got[0], 1e-5);
    }

    @Test
    void adamFirstStepMovesByAboutTheLearningRate() {
        try (Buffers io = Ref.io()) {
            DeviceBuffer param = io.upload(new float[] {1, 1});
            DeviceBuffer m = io.filled(2, 0);
            DeviceBuffer v = io.filled(2, 0);
            Ref.K.adamStep(
                    new AdamParams(0.01f, 0.9f, 0.999f, 1e-8f, 0, false, false, 1),
                    new AdamBuffers<>(param, io.upload(new float[] {0.5f, -3}), m, v, null),
                    2);
            float[] p = io.download(param);
            assertEquals(1 - 0.01, p[0], 1e-6, "m^ / sqrt(v^) = sign(g) on the first step");
            assertEquals(1 + 0.01, p[1], 1e-6);
        }
    }
}
