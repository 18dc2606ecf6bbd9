package dev.cochlea;

import static dev.cochlea.Assertions2.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cochlea.nn.BatchNorm1d;
import dev.cochlea.nn.Functional;
import dev.cochlea.nn.Losses;
import dev.cochlea.nn.Reduction;
import dev.cochlea.ops.NormOps;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every op's forward and backward against PyTorch 1.13 (tools/golden/make_golden.py). Tolerance: float32 round-off
 * only, 1e-4 of each tensor's largest magnitude (see {@link Assertions2#assertClose}).
 */
class GoldenOpsTest {
    private static final double RTOL = 1e-4;

    /** Runs {@code op} on the file's inputs, back-propagates grad_output, and checks output and input gradients. */
    private static void check(Golden g, Function<Map<String, Tensor>, Tensor> op, String... inputs) {
        Map<String, Tensor> in = new java.util.LinkedHashMap<>();
        for (String name : inputs) {
            if (g.has(name)) {
                in.put(name, g.tensor(name).requiresGrad(true));
            }
        }
        Tensor out = op.apply(in);
        assertClose(g.tensor("output"), out, RTOL, g.name() + " output");
        out.backward(g.tensor("grad_output"));
        in.forEach((name, t) -> assertClose(g.tensor("grad_" + name), t.grad(), RTOL, g.name() + " grad_" + name));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "conv1d_basic",
                "conv1d_nobias",
                "conv1d_stride2",
                "conv1d_padding3",
                "conv1d_dilation2",
                "conv1d_batch1_length_eq_kernel",
                "conv1d_stride2_padding1_dilation2_nobias"
            })
    void conv1d(String file) {
        Golden g = Golden.load(file);
        check(
                g,
                t -> Functional.conv1d(
                        t.get("input"),
                        t.get("weight"),
                        t.get("bias"),
                        g.metaInt("stride"),
                        g.metaInt("padding"),
                        g.metaInt("dilation")),
                "input",
                "weight",
                "bias");
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear_bias", "linear_nobias"})
    void linear(String file) {
        check(
                Golden.load(file),
                t -> Functional.linear(t.get("input"), t.get("weight"), t.get("bias")),
                "input",
                "weight",
                "bias");
    }

    @ParameterizedTest
    @ValueSource(strings = {"matmul_2d", "matmul_batched_3d"})
    void matmul(String file) {
        check(Golden.load(file), t -> t.get("a").matmul(t.get("b")), "a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a2x3x4_b2x3x4", "a2x3x4_b3x1", "a2x3x4_b4", "a2x3x4_b1", "a3x1_b2x3x4"})
    void broadcastingArithmetic(String shapes) {
        check(Golden.load("add_" + shapes), t -> t.get("a").add(t.get("b")), "a", "b");
        check(Golden.load("sub_" + shapes), t -> t.get("a").sub(t.get("b")), "a", "b");
        check(Golden.load("mul_" + shapes), t -> t.get("a").mul(t.get("b")), "a", "b");
        check(Golden.load("div_" + shapes), t -> t.get("a").div(t.get("b")), "a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sum_all", "mean_all", "sum_dim1", "sum_dim1_keepdim", "mean_dim1", "mean_dim1_keepdim"})
    void reductions(String file) {
        Golden g = Golden.load(file);
        boolean mean = file.startsWith("mean");
        check(
                g,
                t -> {
                    Tensor x = t.get("input");
                    if (g.meta("dim").equals("all")) {
                        return mean ? x.mean() : x.sum();
                    }
                    boolean keep = g.metaBool("keepdim");
                    return mean ? x.mean(g.metaInt("dim"), keep) : x.sum(g.metaInt("dim"), keep);
                },
                "input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"relu", "exp", "log", "sqrt", "tanh", "sigmoid", "log_softmax", "softmax", "flatten"})
    void unary(String file) {
        Golden g = Golden.load(file);
        check(
                g,
                t -> {
                    Tensor x = t.get("input");
                    return switch (file) {
                        case "relu" -> x.relu();
                        case "exp" -> x.exp();
                        case "log" -> x.log();
                        case "sqrt" -> x.sqrt();
                        case "tanh" -> x.tanh();
                        case "sigmoid" -> x.sigmoid();
                        case "log_softmax" -> x.logSoftmax(g.metaInt("dim"));
                        case "softmax" -> x.softmax(g.metaInt("dim"));
                        default -> x.flatten(g.metaInt("start_dim"));
                    };
                },
                "input");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "batchnorm1d_train_3d",
                "batchnorm1d_train_2d",
                "batchnorm1d_train_3d_noaffine",
                "batchnorm1d_eval_3d",
                "batchnorm1d_eval_2d"
            })
    void batchNorm(String file) {
        Golden g = Golden.load(file);
        boolean affine = g.metaBool("affine");
        BatchNorm1d bn =
                new BatchNorm1d(g.metaInt("num_features"), g.metaFloat("eps"), g.metaFloat("momentum"), affine, true);
        Map<String, Tensor> state = new java.util.HashMap<>(bn.stateDict());
        state.put("running_mean", g.tensor("running_mean_before"));
        state.put("running_var", g.tensor("running_var_before"));
        if (affine) {
            state.put("weight", g.tensor("weight"));
            state.put("bias", g.tensor("bias"));
        }
        bn.loadStateDict(state);
        bn.train(g.metaBool("training"));
        check(g, t -> bn.forward(t.get("input")), "input");
        if (affine) {
            assertClose(g.tensor("grad_weight"), bn.stateDict().get("weight").grad(), RTOL, file + " grad_weight");
            assertClose(g.tensor("grad_bias"), bn.stateDict().get("bias").grad(), RTOL, file + " grad_bias");
        }
        assertClose(g.tensor("running_mean_after"), bn.stateDict().get("running_mean"), RTOL, file + " running_mean");
        assertClose(g.tensor("running_var_after"), bn.stateDict().get("running_var"), RTOL, file + " running_var");
        assertArrayEquals(
                g.ints("num_batches_tracked_after"),
                bn.stateDict().get("num_batches_tracked").toIntArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"batchnorm1d_train_3d_cumulative"})
    void batchNormCumulativeAverage(String file) {
        Golden g = Golden.load(file);
        BatchNorm1d bn = new BatchNorm1d(3, g.metaFloat("eps"), null, true, true);
        Map<String, Tensor> state = new java.util.HashMap<>(bn.stateDict());
        state.put("weight", g.tensor("weight"));
        state.put("bias", g.tensor("bias"));
        state.put("running_mean", g.tensor("running_mean_before"));
        state.put("running_var", g.tensor("running_var_before"));
        bn.loadStateDict(state);
        for (int k = 1; k <= 3; k++) {
            assertClose(g.tensor("output_" + k), bn.forward(g.tensor("input_" + k)), RTOL, file + " output_" + k);
            assertClose(g.tensor("running_mean_after_" + k), bn.stateDict().get("running_mean"), RTOL, "mean " + k);
            assertClose(g.tensor("running_var_after_" + k), bn.stateDict().get("running_var"), RTOL, "var " + k);
        }
        assertArrayEquals(
                g.ints("num_batches_tracked_after"),
                bn.stateDict().get("num_batches_tracked").toIntArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"maxpool1d_k4", "maxpool1d_k3_s2_p1", "maxpool1d_k4_length18"})
    void maxPool(String file) {
        Golden g = Golden.load(file);
        check(
                g,
                t -> Functional.maxPool1d(
                        t.get("input"), g.metaInt("kernel_size"), g.metaInt("stride"), g.metaInt("padding")),
                "input");
    }

    @ParameterizedTest
    @ValueSource(strings = {"batchnorm1d_relu_maxpool1d_train"})
    void fusedBatchNormReluMaxPool(String file) {
        Golden g = Golden.load(file);
        Tensor runningMean = g.tensor("running_mean_before");
        Tensor runningVar = g.tensor("running_var_before");
        check(
                g,
                t -> NormOps.batchNormReluMaxPool(
                        t.get("input"),
                        g.metaInt("num_features"),
                        new NormOps.BatchNormState(
                                runningMean,
                                runningVar,
                                t.get("weight"),
                                t.get("bias"),
                                g.metaFloat("momentum"),
                                g.metaFloat("eps")),
                        true,
                        g.metaInt("kernel_size"),
                        g.metaInt("stride"),
                        g.metaInt("padding"),
                        "fused"),
                "input",
                "weight",
                "bias");
        assertClose(g.tensor("running_mean_after"), runningMean, RTOL, "running_mean");
        assertClose(g.tensor("running_var_after"), runningVar, RTOL, "running_var");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cross_entropy_mean",
                "cross_entropy_sum",
                "cross_entropy_none",
                "cross_entropy_mean_ls0.1",
                "cross_entropy_none_ls0.1"
            })
    void crossEntropy(String file) {
        Golden g = Golden.load(file);
        Tensor logits = g.tensor("logits").requiresGrad(true);
        Reduction reduction = Reduction.valueOf(g.meta("reduction").toUpperCase(java.util.Locale.ROOT));
        Tensor loss = Losses.crossEntropy(logits, g.tensor("labels"), g.metaFloat("label_smoothing"), reduction);
        assertClose(g.tensor("loss"), loss, RTOL, file + " loss");
        loss.backward(g.tensor("grad_output"));
        assertClose(g.tensor("grad_logits"), logits.grad(), RTOL, file + " grad_logits");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nll_loss_mean", "nll_loss_none"})
    void nllLoss(String file) {
        Golden g = Golden.load(file);
        Tensor logits = g.tensor("logits").requiresGrad(true);
        Tensor logProbs = logits.logSoftmax(-1);
        assertClose(g.tensor("log_probs"), logProbs, RTOL, file + " log_probs");
        Reduction reduction = Reduction.valueOf(g.meta("reduction").toUpperCase(java.util.Locale.ROOT));
        Tensor loss = Losses.nllLoss(logProbs, g.tensor("labels"), reduction);
        assertClose(g.tensor("loss"), loss, RTOL, file + " loss");
        loss.backward(g.tensor("grad_output"));
        assertClose(g.tensor("grad_logits"), logits.grad(), RTOL, file + " grad_logits");
        assertEquals(2, logits.grad().rank());
    }
}
