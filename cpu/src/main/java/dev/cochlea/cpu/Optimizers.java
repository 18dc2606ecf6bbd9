package dev.cochlea.cpu;

import dev.cochlea.kernels.AdamParams;
import dev.cochlea.kernels.SgdParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused optimizer steps: each element is read and written once per step, in the same float32 order as PyTorch's
 * single-tensor loops (bias corrections computed once, in double, as Python does).
 */
final class Optimizers {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int V = S.length();
    private static final int CHUNK = 1 << 15;

    private Optimizers() {}

    static void sgd(Parallel par, SgdParams p, float[] param, float[] grad, float[] buf, int n) {
        float keep = 1f - p.dampening();
        float mom = p.momentum();
        float wd = p.weightDecay();
        float lr = p.lr();
        par.forRange(n, CHUNK, 4.0 * n, (from, to) -> {
            int i = from;
            for (int bound = from + S.loopBound(to - from); i < bound; i += V) {
                FloatVector d = FloatVector.fromArray(S, grad, i);
                FloatVector w = FloatVector.fromArray(S, param, i);
                if (wd != 0f) {
                    d = w.fma(FloatVector.broadcast(S, wd), d);
                }
                if (mom != 0f) {
                    FloatVector b = p.firstStep()
                            ? d
                            : FloatVector.fromArray(S, buf, i).mul(mom).add(d.mul(keep));
                    b.intoArray(buf, i);
                    d = p.nesterov() ? b.fma(FloatVector.broadcast(S, mom), d) : b;
                }
                w.sub(d.mul(lr)).intoArray(param, i);
            }
            for (; i < to; i++) {
                float d = grad[i];
                if (wd != 0f) {
                    d += wd * param[i];
                }
                if (mom != 0f) {
                    float b = p.firstStep() ? d : mom * buf[i] + keep * d;
                    buf[i] = b;
                    d = p.nesterov() ? d + mom * b : b;
                }
                param[i] -= lr * d;
            }
        });
    }

    static void adam(
            Parallel par, AdamParams p, float[] param, float[] grad, float[] m1, float[] m2, float[] vmax, int n) {
        float stepSize = p.stepSize();
        float correction2Sqrt = p.bias2Sqrt();
        float decay = p.decoupledDecay();
        float b1 = p.beta1();
        float b2 = p.beta2();
        float c1 = p.oneMinusBeta1();
        float c2 = p.oneMinusBeta2();
        float wd = p.weightDecay();
        boolean decoupled = p.decoupledWeightDecay();
        boolean ams = p.amsgrad();
        float eps = p.eps();
        par.forRange(n, CHUNK, 10.0 * n, (from, to) -> {
            int i = from;
            for (int bound = from + S.loopBound(to - from); i < bound; i += V) {
                FloatVector g = FloatVector.fromArray(S, grad, i);
                FloatVector w = FloatVector.fromArray(S, param, i);
                if (wd != 0f) {
                    if (decoupled) {
                        w = w.mul(decay);
                    } else {
                        g = w.mul(wd).add(g);
                    }
                }
                FloatVector m = FloatVector.fromArray(S, m1, i).mul(b1).add(g.mul(c1));
                FloatVector v =
                        FloatVector.fromArray(S, m2, i).mul(b2).add(g.mul(c2).mul(g));
                m.intoArray(m1, i);
                v.intoArray(m2, i);
                if (ams) {
                    v = FloatVector.fromArray(S, vmax, i).max(v);
                    v.intoArray(vmax, i);
                }
                FloatVector denom = v.sqrt().div(correction2Sqrt).add(eps);
                w.sub(m.mul(stepSize).div(denom)).intoArray(param, i);
            }
            for (; i < to; i++) {
                float gi = grad[i];
                if (wd != 0f) {
                    if (decoupled) {
                        param[i] *= decay;
                    } else {
                        gi += wd * param[i];
                    }
                }
                m1[i] = b1 * m1[i] + c1 * gi;
                m2[i] = b2 * m2[i] + c2 * gi * gi;
                float v = m2[i];
                if (ams) {
                    vmax[i] = Math.max(vmax[i], v);
                    v = vmax[i];
                }
                float denom = (float) Math.sqrt(v) / correction2Sqrt + eps;
                param[i] -= stepSize * m1[i] / denom;
            }
        });
    }
}
