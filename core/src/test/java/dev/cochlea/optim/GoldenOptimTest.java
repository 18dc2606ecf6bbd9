package dev.cochlea.optim;

import static dev.cochlea.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.Golden;
import dev.cochlea.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Optimizers, clipping and schedulers against PyTorch 1.13 over several steps (tools/golden/make_golden.py): the
 * same gradient sequence is replayed and the parameters compared after every step, within 1e-4 of their scale.
 */
class GoldenOptimTest {
    private static final double RTOL = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "sgd_momentum", "sgd_nesterov", "adam", "adam_wd_amsgrad", "adamw"})
    void optimizerMatchesPyTorchStepByStep(String optimizer) {
        String file = "optim_" + optimizer;
        Golden g = Golden.load(file);
        Tensor w = g.tensor("w_init").requiresGrad(true);
        Tensor b = g.tensor("b_init").requiresGrad(true);
        Optimizer opt = create(g, List.of(w, b));
        for (int k = 1; k <= g.metaInt("steps"); k++) {
            w.setGrad(g.tensor("grad_w_step" + k));
            b.setGrad(g.tensor("grad_b_step" + k));
            opt.step();
            assertClose(g.tensor("w_after_step" + k), w, RTOL, file + " w after step " + k);
            assertClose(g.tensor("b_after_step" + k), b, RTOL, file + " b after step " + k);
        }
    }

    private static Optimizer create(Golden g, List<Tensor> params) {
        float lr = g.metaFloat("lr");
        switch (g.meta("optimizer")) {
            case "SGD":
                return new SGD(
                        params,
                        lr,
                        SGD.options()
                                .momentum(g.metaFloat("momentum"))
                                .dampening(g.metaFloat("dampening"))
                                .nesterov(g.metaBool("nesterov"))
                                .weightDecay(g.metaFloat("weight_decay")));
            case "Adam":
                return new Adam(params, lr, adamOptions(g));
            case "AdamW":
                return new AdamW(params, lr, adamOptions(g));
            default:
                throw new IllegalArgumentException(g.meta("optimizer"));
        }
    }

    private static Adam.Options adamOptions(Golden g) {
        return Adam.options()
                .betas(g.metaFloat("beta1"), g.metaFloat("beta2"))
                .eps(g.metaFloat("eps"))
                .weightDecay(g.metaFloat("weight_decay"))
                .amsgrad(g.metaBool("amsgrad"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"clip_grad_norm", "clip_grad_norm_below_max"})
    void clipGradNorm(String file) {
        Golden g = Golden.load(file);
        Tensor p0 = Tensor.zeros(g.shape("grad0_before")).requiresGrad(true);
        Tensor p1 = Tensor.zeros(g.shape("grad1_before")).requiresGrad(true);
        p0.setGrad(g.tensor("grad0_before"));
        p1.setGrad(g.tensor("grad1_before"));
        float norm = GradClip.clipGradNorm(List.of(p0, p1), g.metaFloat("max_norm"));
        assertEquals(g.floats("total_norm")[0], norm, 1e-5 * g.floats("total_norm")[0]);
        assertClose(g.tensor("grad0_after"), p0.grad(), RTOL, "grad0");
        assertClose(g.tensor("grad1_after"), p1.grad(), RTOL, "grad1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lr_step", "lr_cosine"})
    void schedulers(String file) {
        Golden g = Golden.load(file);
        Tensor p = Tensor.zeros(1).requiresGrad(true);
        Optimizer opt = new SGD(List.of(p), g.metaFloat("base_lr"));
        LrScheduler s = g.meta("scheduler").equals("StepLR")
                ? new StepLR(opt, g.metaInt("step_size"), g.metaFloat("gamma"))
                : new CosineAnnealingLR(opt, g.metaInt("T_max"), g.metaFloat("eta_min"));
        float[] expected = g.floats("lr");
        for (int e = 0; e < expected.length; e++) {
            assertEquals(expected[e], s.lastLr(), 1e-6 * expected[0], file + " epoch " + e);
            s.step();
        }
    }
}
