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

import java.util.List;

/** Every kernel in src/main/cuda, with the parameter list of its {@code extern "C" __global__} declaration. */
final class KernelCatalog {
    private KernelCatalog() {}

    // elementwise.cu
    static final KernelSignature FILL = KernelSignature.of("elementwise", "fill_f32", F32_PTR, I64, F32);
    static final KernelSignature COPY = KernelSignature.of("elementwise", "copy_words", WORD_PTR, WORD_PTR, I64);
    static final KernelSignature UNARY = KernelSignature.of("elementwise", "unary_f32", F32_PTR, F32_PTR, I64, I32);
    static final KernelSignature AFFINE =
            KernelSignature.of("elementwise", "affine_f32", F32_PTR, F32_PTR, I64, F32, F32);
    static final KernelSignature AXPY = KernelSignature.of("elementwise", "axpy_f32", F32, F32_PTR, F32_PTR, I64);
    static final KernelSignature BINARY_FLAT =
            KernelSignature.of("elementwise", "binary_flat", F32_PTR, F32_PTR, F32_PTR, I64, I32);
    static final KernelSignature BINARY_BROADCAST = KernelSignature.of(
            "elementwise", "binary_broadcast", F32_PTR, F32_PTR, F32_PTR, SHAPE8, SHAPE8, SHAPE8, I32, I64, I32);
    static final KernelSignature RELU_BACKWARD =
            KernelSignature.of("elementwise", "relu_backward", F32_PTR, F32_PTR, F32_PTR, I64);
    static final KernelSignature DROPOUT =
            KernelSignature.of("elementwise", "dropout_f32", F32_PTR, F32_PTR, F32_PTR, I64, F32, U64);

    // reduce.cu
    static final KernelSignature REDUCE_ROWS =
            KernelSignature.of("reduce", "reduce_rows", F32_PTR, F32_PTR, I32, I32, I32, I32, I32);
    static final KernelSignature REDUCE_ROWS_FINISH =
            KernelSignature.of("reduce", "reduce_rows_finish", F32_PTR, F32_PTR, I32, I32, I32);
    static final KernelSignature REDUCE_STRIDED =
            KernelSignature.of("reduce", "reduce_strided", F32_PTR, F32_PTR, I32, I32, I32, I32);
    static final KernelSignature SUM_TO_SHAPE =
            KernelSignature.of("reduce", "sum_to_shape", F32_PTR, F32_PTR, SHAPE8, SHAPE8, I32, I64, I64);
    static final KernelSignature SUM_TO_SHAPE_BLOCKS =
            KernelSignature.of("reduce", "sum_to_shape_blocks", F32_PTR, F32_PTR, SHAPE8, SHAPE8, I32, I64, I64);
    static final KernelSignature CHANNEL_SUM_PARTIAL =
            KernelSignature.of("reduce", "channel_sum_partial", F32_PTR, F64_PTR, I32, I32, I32, I32, I32);
    static final KernelSignature CHUNK_SUM_FINISH =
            KernelSignature.of("reduce", "chunk_sum_finish", F64_PTR, F32_PTR, I32, I32);
    static final KernelSignature PERMUTE =
            KernelSignature.of("reduce", "permute_f32", F32_PTR, F32_PTR, SHAPE8, SHAPE8, I32, I64);
    static final KernelSignature ARGMAX = KernelSignature.of("reduce", "argmax_rows", F32_PTR, I32_PTR, I32, I32);

    // gemm.cu
    static final KernelSignature GEMM = KernelSignature.of(
            "gemm", "gemm_f32", F32_PTR, F32_PTR, F32_PTR, I32, I32, I32, I32, I32, F32, F32, I64, I64, I64, I32, I32);

    // conv1d.cu
    static final KernelSignature CONV_FORWARD = KernelSignature.of(
            "conv1d",
            "conv1d_forward",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32);
    static final KernelSignature CONV_FORWARD_DIRECT = KernelSignature.of(
            "conv1d", "conv1d_forward_direct", F32_PTR, F32_PTR, F32_PTR, F32_PTR, I32, I32, I32, I32, I32, I32, I32);
    static final KernelSignature CONV_BACKWARD_INPUT = KernelSignature.of(
            "conv1d",
            "conv1d_backward_input",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32);
    static final KernelSignature CONV_BACKWARD_WEIGHT = KernelSignature.of(
            "conv1d",
            "conv1d_backward_weight",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32);

    // batchnorm.cu
    static final KernelSignature BN_STATS_PARTIAL =
            KernelSignature.of("batchnorm", "bn_stats_partial", F32_PTR, F64_PTR, I32, I32, I32, I32, I32);
    static final KernelSignature BN_STATS_FINISH = KernelSignature.of(
            "batchnorm", "bn_stats_finish", F64_PTR, F32_PTR, F32_PTR, F32_PTR, F32_PTR, I32, I32, I32, I32, F32, F32);
    static final KernelSignature BN_APPLY = KernelSignature.of(
            "batchnorm", "bn_apply", F32_PTR, F32_PTR, F32_PTR, I32, F32, F32_PTR, F32_PTR, F32_PTR, I32, I32, I64);
    static final KernelSignature BN_BACKWARD_PARTIAL = KernelSignature.of(
            "batchnorm", "bn_backward_partial", F32_PTR, F32_PTR, F32_PTR, F32_PTR, F64_PTR, I32, I32, I32, I32, I32);
    static final KernelSignature BN_BACKWARD_FINISH =
            KernelSignature.of("batchnorm", "bn_backward_finish", F64_PTR, F64_PTR, F32_PTR, F32_PTR, I32, I32);
    static final KernelSignature BN_BACKWARD_APPLY = KernelSignature.of(
            "batchnorm",
            "bn_backward_apply",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F64_PTR,
            F32_PTR,
            I32,
            I32,
            I64,
            F32);
    static final KernelSignature BN_RELU_MAXPOOL = KernelSignature.of(
            "batchnorm",
            "bn_relu_maxpool_forward",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            I32,
            F32,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            I32_PTR,
            I32,
            I32,
            I32,
            I32,
            I32,
            I32,
            I64);

    // pool.cu
    static final KernelSignature MAXPOOL_FORWARD =
            KernelSignature.of("pool", "maxpool_forward", F32_PTR, F32_PTR, I32_PTR, I32, I32, I32, I32, I32, I64);
    static final KernelSignature MAXPOOL_SCATTER =
            KernelSignature.of("pool", "maxpool_backward_scatter", F32_PTR, I32_PTR, F32_PTR, F32_PTR, I32, I32, I64);

    // softmax.cu
    static final KernelSignature LOG_SOFTMAX =
            KernelSignature.of("softmax", "log_softmax_forward", F32_PTR, F32_PTR, I32, I32);
    static final KernelSignature LOG_SOFTMAX_BACKWARD =
            KernelSignature.of("softmax", "log_softmax_backward", F32_PTR, F32_PTR, F32_PTR, I32, I32);
    static final KernelSignature CROSS_ENTROPY_FORWARD =
            KernelSignature.of("softmax", "cross_entropy_forward", F32_PTR, I32_PTR, F32_PTR, F32_PTR, I32, I32, F32);
    static final KernelSignature CROSS_ENTROPY_BACKWARD =
            KernelSignature.of("softmax", "cross_entropy_backward", F32_PTR, I32_PTR, F32_PTR, F32_PTR, I32, I32, F32);
    static final KernelSignature NLL_FORWARD =
            KernelSignature.of("softmax", "nll_forward", F32_PTR, I32_PTR, F32_PTR, I32, I32);
    static final KernelSignature NLL_BACKWARD =
            KernelSignature.of("softmax", "nll_backward", I32_PTR, F32_PTR, F32_PTR, I32, I32);

    // optim.cu
    static final KernelSignature SGD =
            KernelSignature.of("optim", "sgd_step", F32_PTR, F32_PTR, F32_PTR, I64, F32, F32, F32, I32, F32, I32);
    static final KernelSignature ADAM = KernelSignature.of(
            "optim",
            "adam_step",
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            F32_PTR,
            I64,
            F32,
            F32,
            F32,
            F32,
            F32,
            I32,
            I32,
            F32,
            F32);

    /** Every signature above, for the tests that compare them with the sources. */
    static List<KernelSignature> all() {
        return List.of(
                FILL,
                COPY,
                UNARY,
                AFFINE,
                AXPY,
                BINARY_FLAT,
                BINARY_BROADCAST,
                RELU_BACKWARD,
                DROPOUT,
                REDUCE_ROWS,
                REDUCE_ROWS_FINISH,
                REDUCE_STRIDED,
                SUM_TO_SHAPE,
                SUM_TO_SHAPE_BLOCKS,
                CHANNEL_SUM_PARTIAL,
                CHUNK_SUM_FINISH,
                PERMUTE,
                ARGMAX,
                GEMM,
                CONV_FORWARD,
                CONV_FORWARD_DIRECT,
                CONV_BACKWARD_INPUT,
                CONV_BACKWARD_WEIGHT,
                BN_STATS_PARTIAL,
                BN_STATS_FINISH,
                BN_APPLY,
                BN_BACKWARD_PARTIAL,
                BN_BACKWARD_FINISH,
                BN_BACKWARD_APPLY,
                BN_RELU_MAXPOOL,
                MAXPOOL_FORWARD,
                MAXPOOL_SCATTER,
                LOG_SOFTMAX,
                LOG_SOFTMAX_BACKWARD,
                CROSS_ENTROPY_FORWARD,
                CROSS_ENTROPY_BACKWARD,
                NLL_FORWARD,
                NLL_BACKWARD,
                SGD,
                ADAM);
    }

    /** The PTX modules, one per .cu file. */
    static List<String> modules() {
        return all().stream().map(KernelSignature::module).distinct().toList();
    }
}
