package dev.cochlea.opencl;

import static dev.cochlea.opencl.ClParam.F32_PTR;
import static dev.cochlea.opencl.ClParam.FLOAT;
import static dev.cochlea.opencl.ClParam.I32_PTR;
import static dev.cochlea.opencl.ClParam.INT;
import static dev.cochlea.opencl.ClParam.INT8;
import static dev.cochlea.opencl.ClParam.LOCAL_F32;
import static dev.cochlea.opencl.ClParam.LONG;

import java.util.List;

/**
 * Every kernel in the .cl resources, with the parameter list of its {@code __kernel} declaration: what a
 * {@link Launch} checks its arguments against, and {@code KernelSignatureTest} checks against the sources.
 */
final class KernelCatalog {
    private KernelCatalog() {}

    // elementwise.cl
    static final KernelSignature FILL = KernelSignature.of("elementwise", "fill", F32_PTR, INT, FLOAT);
    static final KernelSignature UNARY = KernelSignature.of("elementwise", "unary", F32_PTR, F32_PTR, INT, INT);
    static final KernelSignature AFFINE =
            KernelSignature.of("elementwise", "affine", F32_PTR, F32_PTR, INT, FLOAT, FLOAT);
    static final KernelSignature AXPY = KernelSignature.of("elementwise", "axpy", FLOAT, F32_PTR, F32_PTR, INT);
    static final KernelSignature BINARY_FLAT =
            KernelSignature.of("elementwise", "binary_flat", F32_PTR, F32_PTR, F32_PTR, INT, INT);
    static final KernelSignature BINARY_BROADCAST = KernelSignature.of(
            "elementwise", "binary_broadcast", F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT8, INT8, INT8);
    static final KernelSignature RELU_BACKWARD =
            KernelSignature.of("elementwise", "relu_backward", F32_PTR, F32_PTR, F32_PTR, INT);
    static final KernelSignature DROPOUT =
            KernelSignature.of("elementwise", "dropout", F32_PTR, F32_PTR, F32_PTR, INT, FLOAT, FLOAT, LONG);

    // reduce.cl
    static final KernelSignature REDUCE_PER_ITEM =
            KernelSignature.of("reduce", "reduce_per_item", F32_PTR, F32_PTR, INT, INT, INT, INT);
    static final KernelSignature REDUCE_PER_GROUP =
            KernelSignature.of("reduce", "reduce_per_group", F32_PTR, F32_PTR, INT, INT, INT, LOCAL_F32);
    static final KernelSignature SUM_TO_SHAPE =
            KernelSignature.of("reduce", "sum_to_shape", F32_PTR, F32_PTR, INT, INT, INT8, INT8, INT8, LOCAL_F32);
    static final KernelSignature PERMUTE =
            KernelSignature.of("reduce", "permute", F32_PTR, F32_PTR, INT, INT, INT8, INT8);
    static final KernelSignature ARGMAX = KernelSignature.of("reduce", "argmax", F32_PTR, I32_PTR, INT, INT);
    static final KernelSignature CHANNEL_SUM =
            KernelSignature.of("reduce", "channel_sum", F32_PTR, F32_PTR, INT, INT, INT, LOCAL_F32);

    // gemm.cl
    static final KernelSignature GEMM = KernelSignature.of(
            "gemm", "gemm", F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, INT, FLOAT, FLOAT, LONG, LONG, LONG);

    // conv1d.cl
    static final KernelSignature CONV1D_FORWARD = KernelSignature.of(
            "conv1d",
            "conv1d_forward",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            F32_PTR,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT);
    static final KernelSignature CONV1D_BACKWARD_INPUT = KernelSignature.of(
            "conv1d", "conv1d_backward_input", F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, INT, INT, INT, INT);
    static final KernelSignature CONV1D_BACKWARD_WEIGHT = KernelSignature.of(
            "conv1d",
            "conv1d_backward_weight",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT);

    // batchnorm.cl
    static final KernelSignature BN_STATS = KernelSignature.of(
            "batchnorm",
            "bn_stats",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            INT,
            INT,
            INT,
            INT,
            FLOAT,
            FLOAT,
            LOCAL_F32);
    static final KernelSignature BN_APPLY = KernelSignature.of(
            "batchnorm", "bn_apply", F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, INT);
    static final KernelSignature BN_INFERENCE = KernelSignature.of(
            "batchnorm",
            "bn_inference",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            INT,
            INT,
            INT,
            FLOAT,
            INT);
    static final KernelSignature BN_BACKWARD = KernelSignature.of(
            "batchnorm",
            "bn_backward",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            INT,
            INT,
            INT,
            INT,
            LOCAL_F32);

    // pool.cl
    static final KernelSignature MAXPOOL_FORWARD =
            KernelSignature.of("pool", "maxpool_forward", F32_PTR, F32_PTR, I32_PTR, INT, INT, INT, INT, INT, INT);
    static final KernelSignature MAXPOOL_BACKWARD =
            KernelSignature.of("pool", "maxpool_backward", F32_PTR, I32_PTR, F32_PTR, INT, INT, INT, INT, INT, INT);
    static final KernelSignature BN_RELU_MAXPOOL_FORWARD = KernelSignature.of(
            "pool",
            "bn_relu_maxpool_forward",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            FLOAT,
            F32_PTR,
            F32_PTR,
            INT,
            INT,
            F32_PTR,
            I32_PTR,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT);
    static final KernelSignature BN_RELU_MAXPOOL_BACKWARD = KernelSignature.of(
            "pool",
            "bn_relu_maxpool_backward",
            F32_PTR,
            F32_PTR,
            INT,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            I32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            INT,
            LOCAL_F32);

    // loss.cl
    static final KernelSignature LOG_SOFTMAX =
            KernelSignature.of("loss", "log_softmax", F32_PTR, F32_PTR, INT, LOCAL_F32);
    static final KernelSignature LOG_SOFTMAX_BACKWARD =
            KernelSignature.of("loss", "log_softmax_backward", F32_PTR, F32_PTR, F32_PTR, INT, LOCAL_F32);
    static final KernelSignature CROSS_ENTROPY_FORWARD = KernelSignature.of(
            "loss", "cross_entropy_forward", F32_PTR, I32_PTR, F32_PTR, F32_PTR, INT, FLOAT, LOCAL_F32);
    static final KernelSignature CROSS_ENTROPY_BACKWARD =
            KernelSignature.of("loss", "cross_entropy_backward", F32_PTR, I32_PTR, F32_PTR, F32_PTR, INT, INT, FLOAT);
    static final KernelSignature NLL_FORWARD =
            KernelSignature.of("loss", "nll_forward", F32_PTR, I32_PTR, F32_PTR, INT, INT);
    static final KernelSignature NLL_BACKWARD =
            KernelSignature.of("loss", "nll_backward", I32_PTR, F32_PTR, F32_PTR, INT, INT);

    // optim.cl
    static final KernelSignature SGD_STEP = KernelSignature.of(
            "optim", "sgd_step", F32_PTR, F32_PTR, F32_PTR, INT, FLOAT, FLOAT, FLOAT, INT, FLOAT, INT, INT);
    static final KernelSignature ADAM_STEP = KernelSignature.of(
            "optim",
            "adam_step",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            INT,
            FLOAT,
            FLOAT,
            FLOAT,
            FLOAT,
            FLOAT,
            FLOAT,
            INT,
            FLOAT,
            INT,
            FLOAT,
            FLOAT);

    private static final List<KernelSignature> ALL = List.of(
            FILL,
            UNARY,
            AFFINE,
            AXPY,
            BINARY_FLAT,
            BINARY_BROADCAST,
            RELU_BACKWARD,
            DROPOUT,
            REDUCE_PER_ITEM,
            REDUCE_PER_GROUP,
            SUM_TO_SHAPE,
            PERMUTE,
            ARGMAX,
            CHANNEL_SUM,
            GEMM,
            CONV1D_FORWARD,
            CONV1D_BACKWARD_INPUT,
            CONV1D_BACKWARD_WEIGHT,
            BN_STATS,
            BN_APPLY,
            BN_INFERENCE,
            BN_BACKWARD,
            MAXPOOL_FORWARD,
            MAXPOOL_BACKWARD,
            BN_RELU_MAXPOOL_FORWARD,
            BN_RELU_MAXPOOL_BACKWARD,
            LOG_SOFTMAX,
            LOG_SOFTMAX_BACKWARD,
            CROSS_ENTROPY_FORWARD,
            CROSS_ENTROPY_BACKWARD,
            NLL_FORWARD,
            NLL_BACKWARD,
            SGD_STEP,
            ADAM_STEP);

    /** Every kernel, in catalog order. */
    static List<KernelSignature> all() {
        return ALL;
    }
}
