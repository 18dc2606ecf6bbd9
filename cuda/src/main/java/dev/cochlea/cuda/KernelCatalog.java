package dev.cochlea.cuda;

import static dev.cochlea.cuda.ParamType.F32;
import static dev.cochlea.cuda.ParamType.F32_PTR;
import static dev.cochlea.cuda.ParamType.F64_PTR;
import static dev.cochlea.cuda.ParamType.I32;
import static dev.cochlea.cuda.ParamType.I32_PTR;
import static dev.cochlea.cuda.ParamType.I64;
import static dev.cochlea.cuda.ParamType.SHAPE8;
import static dev.cochlea.cuda.ParamType.U64;
import static dev.cochlea.cuda.ParamType.WORD_PTR;

import dev.cochlea.kernels.catalog.KernelFile;
import dev.cochlea.kernels.catalog.KernelSignature;
import java.util.List;

/**
 * Every kernel in src/main/cuda, module by module, with the parameter list of its {@code extern "C" __global__}
 * declaration: what a {@link Launch} checks its arguments against, and {@code KernelSignatureTest} checks against the
 * sources.
 */
final class KernelCatalog {
    private KernelCatalog() {}

    private static final KernelFile<ParamType> ELEMENTWISE_CU = new KernelFile<>("elementwise", ".cu");
    static final KernelSignature<ParamType> FILL = ELEMENTWISE_CU.kernel("fill_f32", F32_PTR, I64, F32);
    static final KernelSignature<ParamType> COPY = ELEMENTWISE_CU.kernel("copy_words", WORD_PTR, WORD_PTR, I64);
    static final KernelSignature<ParamType> UNARY = ELEMENTWISE_CU.kernel("unary_f32", F32_PTR, F32_PTR, I64, I32);
    static final KernelSignature<ParamType> AFFINE =
            ELEMENTWISE_CU.kernel("affine_f32", F32_PTR, F32_PTR, I64, F32, F32);
    static final KernelSignature<ParamType> AXPY = ELEMENTWISE_CU.kernel("axpy_f32", F32, F32_PTR, F32_PTR, I64);
    static final KernelSignature<ParamType> BINARY_FLAT =
            ELEMENTWISE_CU.kernel("binary_flat", F32_PTR, F32_PTR, F32_PTR, I64, I32);
    static final KernelSignature<ParamType> BINARY_BROADCAST =
            ELEMENTWISE_CU.kernel("binary_broadcast", F32_PTR, F32_PTR, F32_PTR, SHAPE8, SHAPE8, SHAPE8, I32, I64, I32);
    static final KernelSignature<ParamType> RELU_BACKWARD =
            ELEMENTWISE_CU.kernel("relu_backward", F32_PTR, F32_PTR, F32_PTR, I64);
    static final KernelSignature<ParamType> DROPOUT =
            ELEMENTWISE_CU.kernel("dropout_f32", F32_PTR, F32_PTR, F32_PTR, I64, F32, U64);

    private static final KernelFile<ParamType> REDUCE_CU = new KernelFile<>("reduce", ".cu");
    static final KernelSignature<ParamType> REDUCE_ROWS =
            REDUCE_CU.kernel("reduce_rows", F32_PTR, F32_PTR, I32, I32, I32, I32, I32);
    static final KernelSignature<ParamType> REDUCE_ROWS_FINISH =
            REDUCE_CU.kernel("reduce_rows_finish", F32_PTR, F32_PTR, I32, I32, I32);
    static final KernelSignature<ParamType> REDUCE_STRIDED =
            REDUCE_CU.kernel("reduce_strided", F32_PTR, F32_PTR, I32, I32, I32, I32);
    static final KernelSignature<ParamType> SUM_TO_SHAPE =
            REDUCE_CU.kernel("sum_to_shape", F32_PTR, F32_PTR, SHAPE8, SHAPE8, I32, I64, I64);
    static final KernelSignature<ParamType> SUM_TO_SHAPE_BLOCKS =
            REDUCE_CU.kernel("sum_to_shape_blocks", F32_PTR, F32_PTR, SHAPE8, SHAPE8, I32, I64, I64);
    static final KernelSignature<ParamType> CHANNEL_SUM_PARTIAL =
            REDUCE_CU.kernel("channel_sum_partial", F32_PTR, F64_PTR, I32, I32, I32, I32, I32);
    static final KernelSignature<ParamType> CHUNK_SUM_FINISH =
            REDUCE_CU.kernel("chunk_sum_finish", F64_PTR, F32_PTR, I32, I32);
    static final KernelSignature<ParamType> PERMUTE =
            REDUCE_CU.kernel("permute_f32", F32_PTR, F32_PTR, SHAPE8, SHAPE8, I32, I64);
    static final KernelSignature<ParamType> ARGMAX = REDUCE_CU.kernel("argmax_rows", F32_PTR, I32_PTR, I32, I32);

    private static final KernelFile<ParamType> GEMM_CU = new KernelFile<>("gemm", ".cu");
    static final KernelSignature<ParamType> GEMM = GEMM_CU.kernel(
            "gemm_f32", F32_PTR, F32_PTR, F32_PTR, I32, I32, I32, I32, I32, F32, F32, I64, I64, I64, I32, I32);

    private static final KernelFile<ParamType> CONV1D_CU = new KernelFile<>("conv1d", ".cu");
    static final KernelSignature<ParamType> CONV_FORWARD = CONV1D_CU.kernel(
            "conv1d_forward",
            List.of(F32_PTR, F32_PTR, F32_PTR, F32_PTR),
            List.of(I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32));
    static final KernelSignature<ParamType> CONV_FORWARD_DIRECT = CONV1D_CU.kernel(
            "conv1d_forward_direct", F32_PTR, F32_PTR, F32_PTR, F32_PTR, I32, I32, I32, I32, I32, I32, I32);
    static final KernelSignature<ParamType> CONV_BACKWARD_INPUT = CONV1D_CU.kernel(
            "conv1d_backward_input", F32_PTR, F32_PTR, F32_PTR, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32);
    static final KernelSignature<ParamType> CONV_BACKWARD_WEIGHT = CONV1D_CU.kernel(
            "conv1d_backward_weight",
            List.of(F32_PTR, F32_PTR, F32_PTR),
            List.of(I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32));

    private static final KernelFile<ParamType> BATCHNORM_CU = new KernelFile<>("batchnorm", ".cu");
    static final KernelSignature<ParamType> BN_STATS_PARTIAL =
            BATCHNORM_CU.kernel("bn_stats_partial", F32_PTR, F64_PTR, I32, I32, I32, I32, I32);
    static final KernelSignature<ParamType> BN_STATS_FINISH = BATCHNORM_CU.kernel(
            "bn_stats_finish", F64_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, I32, I32, I32, I32, F32, F32);
    static final KernelSignature<ParamType> BN_APPLY = BATCHNORM_CU.kernel(
            "bn_apply", F32_PTR, F32_PTR, F32_PTR, I32, F32, F32_PTR, F32_PTR, F32_PTR, I32, I32, I64);
    static final KernelSignature<ParamType> BN_BACKWARD_PARTIAL = BATCHNORM_CU.kernel(
            "bn_backward_partial", F32_PTR, F32_PTR, F32_PTR, F32_PTR, F64_PTR, I32, I32, I32, I32, I32);
    static final KernelSignature<ParamType> BN_BACKWARD_FINISH =
            BATCHNORM_CU.kernel("bn_backward_finish", F64_PTR, F64_PTR, F32_PTR, F32_PTR, I32, I32);
    static final KernelSignature<ParamType> BN_BACKWARD_APPLY = BATCHNORM_CU.kernel(
            "bn_backward_apply", F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, F64_PTR, F32_PTR, I32, I32, I64, F32);
    static final KernelSignature<ParamType> BN_RELU_MAXPOOL = BATCHNORM_CU.kernel(
            "bn_relu_maxpool_forward",
            List.of(F32_PTR, F32_PTR, F32_PTR, I32, F32, F32_PTR, F32_PTR),
            List.of(F32_PTR, I32_PTR, I32, I32, I32, I32, I32, I32, I64));

    private static final KernelFile<ParamType> POOL_CU = new KernelFile<>("pool", ".cu");
    static final KernelSignature<ParamType> MAXPOOL_FORWARD =
            POOL_CU.kernel("maxpool_forward", F32_PTR, F32_PTR, I32_PTR, I32, I32, I32, I32, I32, I64);
    static final KernelSignature<ParamType> MAXPOOL_SCATTER =
            POOL_CU.kernel("maxpool_backward_scatter", F32_PTR, I32_PTR, F32_PTR, F32_PTR, I32, I32, I64);

    private static final KernelFile<ParamType> SOFTMAX_CU = new KernelFile<>("softmax", ".cu");
    static final KernelSignature<ParamType> LOG_SOFTMAX =
            SOFTMAX_CU.kernel("log_softmax_forward", F32_PTR, F32_PTR, I32, I32);
    static final KernelSignature<ParamType> LOG_SOFTMAX_BACKWARD =
            SOFTMAX_CU.kernel("log_softmax_backward", F32_PTR, F32_PTR, F32_PTR, I32, I32);
    static final KernelSignature<ParamType> CROSS_ENTROPY_FORWARD =
            SOFTMAX_CU.kernel("cross_entropy_forward", F32_PTR, I32_PTR, F32_PTR, F32_PTR, I32, I32, F32);
    static final KernelSignature<ParamType> CROSS_ENTROPY_BACKWARD =
            SOFTMAX_CU.kernel("cross_entropy_backward", F32_PTR, I32_PTR, F32_PTR, F32_PTR, I32, I32, F32);
    static final KernelSignature<ParamType> NLL_FORWARD =
            SOFTMAX_CU.kernel("nll_forward", F32_PTR, I32_PTR, F32_PTR, I32, I32);
    static final KernelSignature<ParamType> NLL_BACKWARD =
            SOFTMAX_CU.kernel("nll_backward", I32_PTR, F32_PTR, F32_PTR, I32, I32);

    private static final KernelFile<ParamType> OPTIM_CU = new KernelFile<>("optim", ".cu");
    static final KernelSignature<ParamType> SGD =
            OPTIM_CU.kernel("sgd_step", F32_PTR, F32_PTR, F32_PTR, I64, F32, F32, F32, I32, F32, I32);
    static final KernelSignature<ParamType> ADAM = OPTIM_CU.kernel(
            "adam_step", F32_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, I64, F32, F32, F32, F32, F32, I32, I32, F32, F32);

    private static final List<KernelFile<ParamType>> MODULES =
            List.of(ELEMENTWISE_CU, REDUCE_CU, GEMM_CU, CONV1D_CU, BATCHNORM_CU, POOL_CU, SOFTMAX_CU, OPTIM_CU);

    /** Every kernel, module by module in catalog order. */
    static List<KernelSignature<ParamType>> all() {
        return MODULES.stream().flatMap(module -> module.kernels().stream()).toList();
    }

    /** The PTX modules, one per .cu file. */
    static List<String> modules() {
        return MODULES.stream().map(KernelFile::baseName).toList();
    }
}
