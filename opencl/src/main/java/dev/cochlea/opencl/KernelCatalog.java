package dev.cochlea.opencl;

import static dev.cochlea.opencl.ClParam.F32_PTR;
import static dev.cochlea.opencl.ClParam.FLOAT;
import static dev.cochlea.opencl.ClParam.I32_PTR;
import static dev.cochlea.opencl.ClParam.INT;
import static dev.cochlea.opencl.ClParam.INT8;
import static dev.cochlea.opencl.ClParam.LOCAL_F32;
import static dev.cochlea.opencl.ClParam.LONG;

import dev.cochlea.kernels.catalog.KernelFile;
import dev.cochlea.kernels.catalog.KernelSignature;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every kernel in the .cl resources, file by file, with the parameter list of its {@code __kernel} declaration: what
 * a {@link Launch} checks its arguments against, and {@code KernelSignatureTest} checks against the sources.
 */
final class KernelCatalog {
    private KernelCatalog() {}

    private static final KernelFile<ClParam> ELEMENTWISE_CL = new KernelFile<>("elementwise", ".cl");
    static final KernelSignature<ClParam> FILL = ELEMENTWISE_CL.kernel("fill", F32_PTR, INT, FLOAT);
    static final KernelSignature<ClParam> UNARY = ELEMENTWISE_CL.kernel("unary", F32_PTR, F32_PTR, INT, INT);
    static final KernelSignature<ClParam> AFFINE = ELEMENTWISE_CL.kernel("affine", F32_PTR, F32_PTR, INT, FLOAT, FLOAT);
    static final KernelSignature<ClParam> AXPY = ELEMENTWISE_CL.kernel("axpy", FLOAT, F32_PTR, F32_PTR, INT);
    static final KernelSignature<ClParam> BINARY_FLAT =
            ELEMENTWISE_CL.kernel("binary_flat", F32_PTR, F32_PTR, F32_PTR, INT, INT);
    static final KernelSignature<ClParam> BINARY_BROADCAST =
            ELEMENTWISE_CL.kernel("binary_broadcast", F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT8, INT8, INT8);
    static final KernelSignature<ClParam> RELU_BACKWARD =
            ELEMENTWISE_CL.kernel("relu_backward", F32_PTR, F32_PTR, F32_PTR, INT);
    static final KernelSignature<ClParam> DROPOUT =
            ELEMENTWISE_CL.kernel("dropout", F32_PTR, F32_PTR, F32_PTR, INT, FLOAT, FLOAT, LONG);

    private static final KernelFile<ClParam> REDUCE_CL = new KernelFile<>("reduce", ".cl");
    static final KernelSignature<ClParam> REDUCE_PER_ITEM =
            REDUCE_CL.kernel("reduce_per_item", F32_PTR, F32_PTR, INT, INT, INT, INT);
    static final KernelSignature<ClParam> REDUCE_PER_GROUP =
            REDUCE_CL.kernel("reduce_per_group", F32_PTR, F32_PTR, INT, INT, INT, LOCAL_F32);
    static final KernelSignature<ClParam> SUM_TO_SHAPE =
            REDUCE_CL.kernel("sum_to_shape", F32_PTR, F32_PTR, INT, INT, INT8, INT8, INT8, LOCAL_F32);
    static final KernelSignature<ClParam> PERMUTE = REDUCE_CL.kernel("permute", F32_PTR, F32_PTR, INT, INT, INT8, INT8);
    static final KernelSignature<ClParam> ARGMAX = REDUCE_CL.kernel("argmax", F32_PTR, I32_PTR, INT, INT);
    static final KernelSignature<ClParam> CHANNEL_SUM =
            REDUCE_CL.kernel("channel_sum", F32_PTR, F32_PTR, INT, INT, INT, LOCAL_F32);

    private static final KernelFile<ClParam> GEMM_CL = new KernelFile<>("gemm", ".cl");
    static final KernelSignature<ClParam> GEMM =
            GEMM_CL.kernel("gemm", F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, INT, FLOAT, FLOAT, LONG, LONG, LONG);

    private static final KernelFile<ClParam> CONV1D_CL = new KernelFile<>("conv1d", ".cl");
    static final KernelSignature<ClParam> CONV1D_FORWARD = CONV1D_CL.kernel(
            "conv1d_forward", F32_PTR, F32_PTR, F32_PTR, INT, F32_PTR, INT, INT, INT, INT, INT, INT, INT, INT);
    static final KernelSignature<ClParam> CONV1D_BACKWARD_INPUT = CONV1D_CL.kernel(
            "conv1d_backward_input", F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, INT, INT, INT, INT);
    static final KernelSignature<ClParam> CONV1D_BACKWARD_WEIGHT = CONV1D_CL.kernel(
            "conv1d_backward_weight", F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, INT, INT, INT, INT, INT, INT);

    private static final KernelFile<ClParam> BATCHNORM_CL = new KernelFile<>("batchnorm", ".cl");
    static final KernelSignature<ClParam> BN_STATS = BATCHNORM_CL.kernel(
            "bn_stats", F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, INT, FLOAT, FLOAT, LOCAL_F32);
    static final KernelSignature<ClParam> BN_APPLY = BATCHNORM_CL.kernel(
            "bn_apply", F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, INT);
    static final KernelSignature<ClParam> BN_INFERENCE = BATCHNORM_CL.kernel(
            "bn_inference", F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, INT, INT, INT, INT, FLOAT, INT);
    static final KernelSignature<ClParam> BN_BACKWARD = BATCHNORM_CL.kernel(
            "bn_backward",
            List.of(F32_PTR, F32_PTR, F32_PTR, INT, F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR),
            List.of(INT, INT, INT, INT, INT, LOCAL_F32));

    private static final KernelFile<ClParam> POOL_CL = new KernelFile<>("pool", ".cl");
    static final KernelSignature<ClParam> MAXPOOL_FORWARD =
            POOL_CL.kernel("maxpool_forward", F32_PTR, F32_PTR, I32_PTR, INT, INT, INT, INT, INT, INT);
    static final KernelSignature<ClParam> MAXPOOL_BACKWARD =
            POOL_CL.kernel("maxpool_backward", F32_PTR, I32_PTR, F32_PTR, INT, INT, INT, INT, INT, INT);
    static final KernelSignature<ClParam> BN_RELU_MAXPOOL_FORWARD = POOL_CL.kernel(
            "bn_relu_maxpool_forward",
            List.of(F32_PTR, F32_PTR, F32_PTR, INT, FLOAT, F32_PTR, F32_PTR, INT, INT, F32_PTR, I32_PTR),
            List.of(INT, INT, INT, INT, INT, INT, INT));
    static final KernelSignature<ClParam> BN_RELU_MAXPOOL_BACKWARD = POOL_CL.kernel(
            "bn_relu_maxpool_backward",
            List.of(F32_PTR, F32_PTR, INT, F32_PTR, F32_PTR, F32_PTR, I32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR),
            List.of(INT, INT, INT, INT, INT, INT, INT, INT, INT, LOCAL_F32));

    private static final KernelFile<ClParam> LOSS_CL = new KernelFile<>("loss", ".cl");
    static final KernelSignature<ClParam> LOG_SOFTMAX = LOSS_CL.kernel("log_softmax", F32_PTR, F32_PTR, INT, LOCAL_F32);
    static final KernelSignature<ClParam> LOG_SOFTMAX_BACKWARD =
            LOSS_CL.kernel("log_softmax_backward", F32_PTR, F32_PTR, F32_PTR, INT, LOCAL_F32);
    static final KernelSignature<ClParam> CROSS_ENTROPY_FORWARD =
            LOSS_CL.kernel("cross_entropy_forward", F32_PTR, I32_PTR, F32_PTR, F32_PTR, INT, FLOAT, LOCAL_F32);
    static final KernelSignature<ClParam> CROSS_ENTROPY_BACKWARD =
            LOSS_CL.kernel("cross_entropy_backward", F32_PTR, I32_PTR, F32_PTR, F32_PTR, INT, INT, FLOAT);
    static final KernelSignature<ClParam> NLL_FORWARD =
            LOSS_CL.kernel("nll_forward", F32_PTR, I32_PTR, F32_PTR, INT, INT);
    static final KernelSignature<ClParam> NLL_BACKWARD =
            LOSS_CL.kernel("nll_backward", I32_PTR, F32_PTR, F32_PTR, INT, INT);

    private static final KernelFile<ClParam> OPTIM_CL = new KernelFile<>("optim", ".cl");
    static final KernelSignature<ClParam> SGD_STEP =
            OPTIM_CL.kernel("sgd_step", F32_PTR, F32_PTR, F32_PTR, INT, FLOAT, FLOAT, FLOAT, INT, FLOAT, INT, INT);
    static final KernelSignature<ClParam> ADAM_STEP = OPTIM_CL.kernel(
            "adam_step",
            List.of(F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR),
            List.of(INT, FLOAT, FLOAT, FLOAT, FLOAT, FLOAT, FLOAT, INT, FLOAT, INT, FLOAT, FLOAT));

    /** Every kernel, file by file in catalog order. */
    static List<KernelSignature<ClParam>> all() {
        return Stream.of(ELEMENTWISE_CL, REDUCE_CL, GEMM_CL, CONV1D_CL, BATCHNORM_CL, POOL_CL, LOSS_CL, OPTIM_CL)
                .flatMap(file -> file.kernels().stream())
                .toList();
    }
}
