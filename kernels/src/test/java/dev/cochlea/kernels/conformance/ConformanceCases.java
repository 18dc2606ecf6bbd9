package dev.cochlea.kernels.conformance;

import dev.cochlea.kernels.AdamParams;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.ConvBlockParams;
import dev.cochlea.kernels.CrossEntropyParams;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.SgdParams;
import dev.cochlea.kernels.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The shapes every backend is checked on: degenerate ones (batch 1, length 1, kernel == length), awkward ones (odd
 * sizes, sizes that are not multiples of 8 or 16, stride > kernel, padding, dilation) and one medium shape per op
 * similar to the seed network's layers (a 32 -> 64 channel conv with kernel 4 over ~200 samples, a 1536 -> 248 linear
 * layer). Each case's description also seeds its random data.
 */
public final class ConformanceCases {
    private ConformanceCases() {}

    /** Flat lengths: 1, odd, just off powers of two, and a medium one. */
    public static final int[] LENGTHS = {1, 7, 17, 1023, 40_001};

    public record UnaryCase(UnaryOp op, int n, boolean inPlace) {}

    public record BinaryCase(BinaryOp op, int[] aShape, int[] bShape, boolean outIsA) {
        @Override
        public String toString() {
            return op + " " + Arrays.toString(aShape) + " with " + Arrays.toString(bShape)
                    + (outIsA ? " in place" : "");
        }
    }

    public record ReduceCase(ReduceOp op, int outer, int reduced, int inner) {}

    public record SumToShapeCase(int[] xShape, int[] outShape) {
        @Override
        public String toString() {
            return Arrays.toString(xShape) + " -> " + Arrays.toString(outShape);
        }
    }

    public record PermuteCase(int[] xShape, int[] perm) {
        @Override
        public String toString() {
            return Arrays.toString(xShape) + " permuted by " + Arrays.toString(perm);
        }
    }

    public record MatrixCase(int rows, int cols, float offset) {}

    public record ConvCase(Conv1dParams p, boolean bias) {}

    public record ConvBlockCase(ConvBlockParams p, boolean bias) {}

    public record BatchNormCase(BatchNormParams p, boolean affine, boolean running) {}

    public record FusedCase(
            BatchNormParams bn, MaxPool1dParams pool, boolean training, boolean affine, boolean running) {
        static FusedCase of(
                int batch,
                int channels,
                int length,
                int kernel,
                int stride,
                int padding,
                boolean training,
                boolean affine,
                boolean running) {
            return new FusedCase(
                    new BatchNormParams(batch, channels, length, 1e-5f, 0.1f),
                    new MaxPool1dParams(batch, channels, length, kernel, stride, padding),
                    training,
                    affine,
                    running);
        }
    }

    public record DropoutCase(int n, float p, long seed) {}

    public record SgdCase(SgdParams p, int n) {}

    public record AdamCase(AdamParams p, int n) {}

    public static Stream<Integer> lengths() {
        return Arrays.stream(LENGTHS).boxed();
    }

    public static Stream<UnaryCase> unaryCases() {
        List<UnaryCase> cases = new ArrayList<>();
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : LENGTHS) {
                cases.add(new UnaryCase(op, n, false));
            }
            cases.add(new UnaryCase(op, 33, true));
        }
        return cases.stream();
    }

    public static Stream<BinaryCase> binaryCases() {
        int[][][] shapes = {
            {{1}, {1}},
            {{5}, {5}},
            {{2, 3}, {3}},
            {{3}, {2, 3}},
            {{2, 1, 4}, {3, 1}},
            {{3, 1}, {1, 4}},
            {{1}, {4, 5}},
            {{4, 5}, {1, 1}},
            {{2, 3, 5}, {2, 3, 5}},
            {{7, 1, 9}, {7, 13, 1}},
            {{32, 64, 200}, {64, 1}},
        };
        List<BinaryCase> cases = new ArrayList<>();
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] pair : shapes) {
                cases.add(new BinaryCase(op, pair[0], pair[1], false));
            }
            cases.add(new BinaryCase(op, new int[] {3, 17}, new int[] {3, 17}, true));
        }
        return cases.stream();
    }

    public static Stream<ReduceCase> reduceCases() {
        int[][] views = {
            {1, 1, 1}, {1, 5, 1}, {3, 1, 4}, {2, 7, 3}, {1, 1000, 1}, {5, 3, 1}, {1, 9, 17}, {32, 64, 200}, {64, 200, 1}
        };
        List<ReduceCase> cases = new ArrayList<>();
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] v : views) {
                cases.add(new ReduceCase(op, v[0], v[1], v[2]));
            }
        }
        return cases.stream();
    }

    public static Stream<SumToShapeCase> sumToShapeCases() {
        return Stream.of(
                new SumToShapeCase(new int[] {1}, new int[] {1}),
                new SumToShapeCase(new int[] {3, 4}, new int[] {3, 4}),
                new SumToShapeCase(new int[] {2, 3}, new int[] {1, 3}),
                new SumToShapeCase(new int[] {2, 3}, new int[] {2, 1}),
                new SumToShapeCase(new int[] {2, 3}, new int[] {1, 1}),
                new SumToShapeCase(new int[] {4, 5, 6}, new int[] {4, 1, 6}),
                new SumToShapeCase(new int[] {3, 1, 5}, new int[] {1, 1, 5}),
                new SumToShapeCase(new int[] {2, 3, 4, 5}, new int[] {1, 3, 1, 5}),
                new SumToShapeCase(new int[] {32, 64, 200}, new int[] {1, 64, 1}));
    }

    public static Stream<PermuteCase> permuteCases() {
        return Stream.of(
                new PermuteCase(new int[] {5}, new int[] {0}),
                new PermuteCase(new int[] {2, 3}, new int[] {1, 0}),
                new PermuteCase(new int[] {2, 3, 4}, new int[] {2, 0, 1}),
                new PermuteCase(new int[] {2, 3, 4}, new int[] {1, 0, 2}),
                new PermuteCase(new int[] {2, 3, 4}, new int[] {0, 1, 2}),
                new PermuteCase(new int[] {1, 5, 1}, new int[] {2, 1, 0}),
                new PermuteCase(new int[] {2, 3, 4, 5}, new int[] {3, 1, 0, 2}),
                new PermuteCase(new int[] {32, 64, 200}, new int[] {0, 2, 1}));
    }

    public static Stream<MatrixCase> matrixCases() {
        return Stream.of(
                new MatrixCase(1, 1, 0),
                new MatrixCase(1, 7, 0),
                new MatrixCase(5, 1, 0),
                new MatrixCase(3, 35, 0),
                new MatrixCase(4, 10, 1000f),
                new MatrixCase(33, 10, 0),
                new MatrixCase(128, 248, 0));
    }

    public static Stream<GemmParams> gemmCases() {
        List<GemmParams> cases = new ArrayList<>();
        cases.add(GemmParams.of(1, 1, 1, false, false));
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                cases.add(GemmParams.of(2, 3, 4, ta, tb));
                cases.add(GemmParams.of(17, 33, 9, ta, tb));
                cases.add(new GemmParams(3, 5, 7, 6, ta, tb, 1f, 0f, 5 * 6, 6 * 7, 5 * 7));
            }
        }
        cases.add(GemmParams.of(1, 31, 1, false, false));
        // One row of A (batch-1 inference): whole groups of four vectors, single vectors and a scalar tail of C's
        // columns at every width, with alpha and beta, and a batch of rows sharing B.
        cases.add(GemmParams.of(1, 248, 1536, false, false));
        cases.add(GemmParams.of(1, 77, 13, false, false).withAlphaBeta(0.5f, 0.7f));
        cases.add(GemmParams.of(1, 70, 9, false, false).withAlphaBeta(-2f, 1f));
        cases.add(new GemmParams(3, 1, 70, 9, false, false, 1f, 0f, 9, 0, 70));
        cases.add(GemmParams.of(13, 1, 19, false, true));
        cases.add(GemmParams.of(5, 6, 7, false, false).withAlphaBeta(0.5f, 0f));
        cases.add(GemmParams.of(5, 6, 7, true, false).withAlphaBeta(1f, 0.7f));
        cases.add(GemmParams.of(5, 6, 7, false, true).withAlphaBeta(-2f, 1f));
        // Stride 0 shares one B across the batch (a linear layer applied to every sequence element).
        cases.add(new GemmParams(4, 9, 11, 5, false, true, 1f, 0f, 9 * 5, 0, 9 * 11));
        cases.add(new GemmParams(2, 3, 4, 5, true, false, 1.5f, 0.25f, 3 * 5, 4 * 5, 3 * 4));
        // Gaps between the batch's matrices: the NaN in C's gaps must survive (nothing written outside C_i).
        cases.add(new GemmParams(2, 3, 4, 5, false, false, 1f, 0f, 3 * 5 + 2, 5 * 4 + 3, 3 * 4 + 5));
        // The seed network's classifier: [batch 64, 1536] x [248, 1536]^T, forward and the two backward products.
        cases.add(GemmParams.of(64, 248, 1536, false, true));
        cases.add(GemmParams.of(64, 1536, 248, false, false));
        cases.add(GemmParams.of(248, 1536, 64, true, false));
        return cases.stream();
    }

    public static Stream<ConvCase> convCases() {
        List<Conv1dParams> shapes = List.of(
                new Conv1dParams(1, 1, 1, 1, 1, 1, 0, 1), // length 1, kernel 1
                new Conv1dParams(1, 1, 1, 5, 5, 1, 0, 1), // kernel == length
                new Conv1dParams(2, 3, 4, 11, 3, 1, 0, 1),
                new Conv1dParams(2, 2, 3, 17, 2, 3, 0, 1), // stride > kernel
                new Conv1dParams(1, 3, 2, 9, 4, 1, 2, 1), // padding
                new Conv1dParams(1, 2, 2, 1, 3, 1, 1, 1), // length 1 with padding
                new Conv1dParams(2, 2, 3, 20, 3, 2, 1, 2), // dilation with stride and padding
                new Conv1dParams(3, 5, 7, 31, 5, 3, 2, 1),
                new Conv1dParams(1, 9, 17, 23, 6, 4, 3, 3),
                new Conv1dParams(4, 32, 64, 200, 4, 1, 0, 1), // the seed network's middle layers
                new Conv1dParams(2, 1, 32, 2000, 100, 4, 0, 1)); // its first layer on raw audio
        return variants(shapes, p -> new ConvCase(p, false), p -> new ConvCase(p, true));
    }

    /**
     * Inference conv blocks: the seed network's first layer at batch 1 (split over positions) and a middle layer, the
     * mel model's padded layers (with and without pooling), overlapping and padded pools, a pool whose kernel is
     * shorter than its stride, a strided convolution, many output channels at batch 1 (split over channels), and a
     * block with neither ReLU nor pool.
     */
    public static Stream<ConvBlockCase> convBlockCases() {
        List<ConvBlockParams> shapes = List.of(
                ConvBlockParams.of(new Conv1dParams(1, 1, 32, 2000, 100, 1, 0, 1), true, 4, 4, 0),
                ConvBlockParams.of(new Conv1dParams(2, 32, 64, 203, 4, 1, 0, 1), true, 4, 4, 0),
                ConvBlockParams.of(new Conv1dParams(1, 64, 96, 201, 5, 1, 2, 1), true, 2, 2, 0),
                ConvBlockParams.of(new Conv1dParams(1, 128, 40, 25, 3, 1, 1, 1), true),
                ConvBlockParams.of(new Conv1dParams(1, 9, 17, 23, 6, 1, 3, 3), true, 3, 2, 1),
                ConvBlockParams.of(new Conv1dParams(2, 3, 5, 40, 3, 1, 0, 2), false, 2, 3, 0),
                ConvBlockParams.of(new Conv1dParams(3, 5, 7, 31, 5, 3, 2, 1), true, 2, 2, 0),
                ConvBlockParams.of(new Conv1dParams(1, 16, 300, 37, 3, 1, 1, 1), true, 2, 2, 1),
                ConvBlockParams.of(new Conv1dParams(2, 3, 4, 11, 3, 1, 0, 1), false),
                // many more output than input channels: phase-split paths (padding, dilation, kernel < stride)
                ConvBlockParams.of(new Conv1dParams(2, 2, 24, 150, 5, 1, 2, 2), true, 2, 3, 0),
                ConvBlockParams.of(new Conv1dParams(3, 1, 16, 701, 7, 1, 3, 1), true, 4, 4, 0),
                // long kernels pooled by four on the phase-split path: two input channels with the convolution's
                // length a whole number of windows, and three positions left over after the last
                ConvBlockParams.of(new Conv1dParams(2, 2, 24, 523, 20, 1, 0, 1), true, 4, 4, 0),
                ConvBlockParams.of(new Conv1dParams(1, 1, 40, 418, 16, 1, 0, 1), false, 4, 4, 0));
        return variants(shapes, p -> new ConvBlockCase(p, false), p -> new ConvBlockCase(p, true));
    }

    /** Every case has at least 2 values per channel: PyTorch refuses to train batch norm on one. */
    public static Stream<BatchNormCase> batchNormCases() {
        List<BatchNormParams> shapes = List.of(
                new BatchNormParams(2, 1, 1, 1e-5f, 0.1f),
                new BatchNormParams(1, 3, 5, 1e-5f, 0.1f),
                new BatchNormParams(4, 2, 1, 1e-3f, 0.3f),
                new BatchNormParams(3, 5, 7, 1e-5f, 0.1f),
                new BatchNormParams(17, 9, 2, 1e-5f, 1f),
                new BatchNormParams(8, 64, 200, 1e-5f, 0.1f));
        return Stream.concat(
                variants(shapes, p -> new BatchNormCase(p, true, true), p -> new BatchNormCase(p, false, false)),
                Stream.of(
                        new BatchNormCase(shapes.get(3), true, false), new BatchNormCase(shapes.get(3), false, true)));
    }

    public static Stream<MaxPool1dParams> maxPoolCases() {
        return Stream.of(
                new MaxPool1dParams(1, 1, 1, 1, 1, 0),
                new MaxPool1dParams(1, 1, 5, 5, 1, 0), // kernel == length
                new MaxPool1dParams(2, 3, 10, 2, 2, 0),
                new MaxPool1dParams(2, 2, 11, 3, 2, 1), // padding
                new MaxPool1dParams(1, 2, 13, 2, 3, 0), // stride > kernel
                new MaxPool1dParams(2, 3, 9, 4, 1, 2), // overlapping windows, padding = kernel / 2
                new MaxPool1dParams(1, 1, 1, 2, 1, 1), // length 1 between two pads
                new MaxPool1dParams(3, 5, 33, 3, 3, 0),
                new MaxPool1dParams(8, 64, 197, 4, 4, 0)); // the seed network's pooling
    }

    public static Stream<FusedCase> fusedCases() {
        return Stream.of(
                FusedCase.of(2, 1, 1, 1, 1, 0, true, true, true),
                FusedCase.of(1, 2, 5, 5, 1, 0, true, true, true),
                FusedCase.of(2, 3, 10, 2, 2, 0, true, false, false),
                FusedCase.of(2, 2, 11, 3, 2, 1, true, true, false),
                FusedCase.of(1, 2, 13, 2, 3, 0, true, false, true),
                FusedCase.of(2, 3, 9, 4, 1, 2, true, true, true),
                FusedCase.of(3, 5, 33, 3, 3, 0, false, true, true),
                FusedCase.of(2, 3, 9, 4, 1, 2, false, false, true),
                FusedCase.of(8, 64, 197, 4, 4, 0, true, true, true),
                FusedCase.of(8, 64, 197, 4, 4, 0, false, true, true),
                // Rows long enough for a vectorised backward at every width: stride 2, kernel < stride, and a stride
                // (3) that divides no vector width.
                FusedCase.of(4, 8, 257, 2, 2, 0, true, true, true),
                FusedCase.of(4, 8, 301, 2, 4, 0, true, true, false),
                FusedCase.of(4, 8, 301, 3, 3, 0, true, false, true));
    }

    /** Training-mode fused cases only: the fused backward is defined for training. */
    public static Stream<FusedCase> fusedTrainingCases() {
        return fusedCases().filter(FusedCase::training);
    }

    public static Stream<CrossEntropyParams> crossEntropyCases() {
        return Stream.of(
                new CrossEntropyParams(1, 1, 0f),
                new CrossEntropyParams(1, 5, 0f),
                new CrossEntropyParams(7, 3, 0.1f),
                new CrossEntropyParams(33, 10, 0f),
                new CrossEntropyParams(33, 10, 1f),
                new CrossEntropyParams(128, 248, 0.05f));
    }

    public static Stream<DropoutCase> dropoutCases() {
        return Stream.of(
                new DropoutCase(1, 0.5f, 1),
                new DropoutCase(17, 0f, 2),
                new DropoutCase(1023, 0.1f, 3),
                new DropoutCase(1023, 0.5f, -7),
                new DropoutCase(40_001, 0.9f, 123_456_789_012L));
    }

    public static Stream<SgdCase> sgdCases() {
        List<SgdParams> params = List.of(
                new SgdParams(0.1f, 0f, 0f, false, 0f, true),
                new SgdParams(0.05f, 0f, 0f, false, 1e-2f, false),
                new SgdParams(0.1f, 0.9f, 0f, false, 0f, true),
                new SgdParams(0.1f, 0.9f, 0f, false, 1e-3f, false),
                new SgdParams(0.1f, 0.9f, 0.5f, false, 0f, false),
                new SgdParams(0.1f, 0.9f, 0f, true, 1e-4f, true),
                new SgdParams(0.1f, 0.9f, 0f, true, 1e-4f, false));
        return Stream.concat(
                variants(params, p -> new SgdCase(p, 1), p -> new SgdCase(p, 1023)),
                Stream.of(new SgdCase(params.get(6), 40_001)));
    }

    public static Stream<AdamCase> adamCases() {
        List<AdamParams> params = List.of(
                new AdamParams(1e-2f, 0.9f, 0.999f, 1e-8f, 0f, false, false, 1),
                new AdamParams(1e-2f, 0.9f, 0.999f, 1e-8f, 1e-2f, false, false, 7),
                new AdamParams(1e-2f, 0.8f, 0.99f, 1e-6f, 0.1f, true, false, 3),
                new AdamParams(1e-2f, 0.9f, 0.999f, 1e-8f, 0f, false, true, 5),
                new AdamParams(1e-2f, 0.9f, 0.999f, 1e-8f, 1e-2f, true, true, 1000));
        return Stream.concat(
                variants(params, p -> new AdamCase(p, 1), p -> new AdamCase(p, 1023)),
                Stream.of(new AdamCase(params.get(4), 40_001)));
    }

    /** For each shape in order, its variants in the order given: e.g. a convolution without, then with, bias. */
    @SafeVarargs
    private static <P, C> Stream<C> variants(List<P> shapes, Function<P, C>... variants) {
        return shapes.stream().flatMap(p -> Arrays.stream(variants).map(variant -> variant.apply(p)));
    }
}
