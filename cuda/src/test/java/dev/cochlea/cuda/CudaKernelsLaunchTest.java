package dev.cochlea.cuda;

import static dev.cochlea.cuda.RecordingHost.floats;
import static dev.cochlea.cuda.RecordingHost.ints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.AdamBuffers;
import dev.cochlea.kernels.AdamParams;
import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.Broadcast;
import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.CrossEntropyParams;
import dev.cochlea.kernels.CrossEntropySaved;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.SgdParams;
import dev.cochlea.kernels.UnaryOp;
import dev.cochlea.kernels.catalog.KernelSignature;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What {@link CudaKernels} asks the GPU to do, recorded without a GPU: which kernels, with which grids and which
 * arguments in which order. Every launch here also passed the builder's check against the kernel's signature.
 */
class CudaKernelsLaunchTest {
    private final RecordingHost host = new RecordingHost();
    private final CudaKernels kernels = new CudaKernels(host);

    private static Object arg(Launch l, int i) {
        return l.args().get(i);
    }

    @Test
    void elementwiseLaunchesCoverEveryElementWithGridStrideLoops() {
        DeviceBuffer x = floats("x", 1000);
        DeviceBuffer y = floats("y", 1000);
        kernels.affine(x, y, 1000, 2f, 3f);
        Launch l = host.only();
        assertEquals("affine_f32", l.kernel().name());
        assertEquals(4, l.gridX());
        assertEquals(256, l.block());
        assertEquals(List.of(x, y, 1000L, 2f, 3f), l.args());

        assertEquals(
                new LaunchGeometry.Grid(65_535, 1, 1, 256),
                LaunchGeometry.elementwise(1L << 40),
                "huge tensors are covered by the grid-stride loop, not by more blocks");
        assertEquals(1, LaunchGeometry.elementwise(1).x());
        assertThrows(IllegalArgumentException.class, () -> LaunchGeometry.elementwise(0));
    }

    @Test
    void emptyTensorsLaunchNothing() {
        DeviceBuffer x = floats("x", 0);
        kernels.fill(x, 0, 1f);
        kernels.unary(UnaryOp.EXP, x, x, 0);
        kernels.copy(x, x, 0);
        assertTrue(host.launches.isEmpty(), host.kernelNames().toString());
    }

    @Test
    void unaryAndBinaryPassTheOpCode() {
        DeviceBuffer a = floats("a", 6);
        DeviceBuffer b = floats("b", 3);
        DeviceBuffer out = floats("out", 6);
        kernels.unary(UnaryOp.SIGMOID, a, out, 6);
        assertEquals(UnaryOp.SIGMOID.ordinal(), arg(host.launches.get(0), 3));

        kernels.binary(BinaryOp.DIV, a, a, out, Broadcast.of(new int[] {2, 3}, new int[] {2, 3}));
        Launch flat = host.launches.get(1);
        assertEquals("binary_flat", flat.kernel().name());
        assertEquals(List.of(a, a, out, 6L, BinaryOp.DIV.ordinal()), flat.args());

        kernels.binary(BinaryOp.SUB, a, b, out, Broadcast.of(new int[] {2, 3}, new int[] {3}));
        Launch broadcast = host.launches.get(2);
        assertEquals("binary_broadcast", broadcast.kernel().name());
        assertArrayEquals(new int[] {2, 3, 1, 1, 1, 1, 1, 1}, (int[]) arg(broadcast, 3), "out shape padded with 1s");
        assertArrayEquals(new int[] {3, 1, 1, 1, 1, 1, 1, 1}, (int[]) arg(broadcast, 4), "a strides");
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1, 1}, (int[]) arg(broadcast, 5), "b broadcast along axis 0");
        assertEquals(2, arg(broadcast, 6));
        assertEquals(6L, arg(broadcast, 7));
        assertEquals(BinaryOp.SUB.ordinal(), arg(broadcast, 8));
    }

    @Test
    void dropoutPassesTheSeedBitForBit() {
        DeviceBuffer x = floats("x", 10);
        kernels.dropout(x, floats("mask", 10), floats("out", 10), 10, 0.25f, -5L);
        Launch l = host.only();
        assertEquals(0.25f, arg(l, 4));
        assertEquals(-5L, arg(l, 5));
        assertEquals(ParamType.U64, l.kernel().params().get(5));
    }

    @Test
    void reductionsPickRowsOrStridedKernels() {
        DeviceBuffer x = floats("x", 24);
        DeviceBuffer out = floats("out", 8);
        kernels.reduce(ReduceOp.SUM, x, out, 6, 4, 1);
        Launch rows = host.launches.get(0);
        assertEquals("reduce_rows", rows.kernel().name());
        assertEquals(6, rows.gridX(), "one block per row");
        assertEquals(1, rows.gridY(), "four columns: one chunk");
        assertEquals(List.of(x, out, 6, 4, ReduceOp.SUM.ordinal(), 1, 4), rows.args());

        kernels.reduce(ReduceOp.MAX, x, out, 2, 3, 4);
        Launch strided = host.launches.get(1);
        assertEquals("reduce_strided", strided.kernel().name());
        assertEquals(List.of(x, out, 2, 3, 4, ReduceOp.MAX.ordinal()), strided.args());
    }

    @Test
    void fewLongRowsReduceInChunksThenInOrder() {
        DeviceBuffer x = floats("x", 4 * 1_000_000);
        DeviceBuffer out = floats("out", 4);
        kernels.reduce(ReduceOp.MAX, x, out, 4, 1_000_000, 1);
        assertEquals(List.of("reduce_rows", "reduce_rows_finish"), host.kernelNames());
        Launch partial = host.launches.get(0);
        LaunchGeometry.Chunks chunks = LaunchGeometry.chunks(4, 1_000_000);
        assertEquals(256, chunks.chunks(), "4 rows x 256 chunks reach the 1024-block target");
        assertEquals(4, partial.gridX());
        assertEquals(256, partial.gridY());
        RecordingHost.FakeBuffer partials = host.scratch.get(0);
        assertEquals(4 * 256, partials.size());
        assertEquals(
                List.of(partials, out, 4, 256, ReduceOp.MAX.ordinal()),
                host.launches.get(1).args());
        assertTrue(partials.closed);
    }

    @Test
    void chunksNeitherEmptyNorTooShort() {
        for (long rows : new long[] {1, 3, 32, 1000, 5000}) {
            for (long length : new long[] {1, 255, 1024, 1025, 255_232, 2_041_856}) {
                LaunchGeometry.Chunks c = LaunchGeometry.chunks(rows, length);
                assertTrue((long) c.chunks() * c.perChunk() >= length, c + " does not cover " + length);
                assertTrue((long) (c.chunks() - 1) * c.perChunk() < length, c + " has an empty chunk");
                assertTrue(c.chunks() == 1 || c.perChunk() >= LaunchGeometry.REDUCTION_MIN_CHUNK, c + " too short");
                assertTrue(
                        c.chunks() == 1 || rows * c.chunks() <= 2L * LaunchGeometry.REDUCTION_TARGET_BLOCKS,
                        c + " more blocks than needed");
            }
        }
    }

    @Test
    void sumToShapeAndPermuteDescribeTheIndexMaps() {
        DeviceBuffer x = floats("x", 24);
        DeviceBuffer out = floats("out", 24);
        kernels.sumToShape(x, new int[] {2, 3, 4}, out, new int[] {1, 3, 1});
        Launch sum = host.launches.get(0);
        assertEquals(3, arg(sum, 4));
        assertEquals(3L, arg(sum, 5), "three outputs");
        assertEquals(8L, arg(sum, 6), "each sums 2 x 4 inputs");

        kernels.permute(x, new int[] {2, 3, 4}, new int[] {2, 0, 1}, out);
        Launch permute = host.launches.get(1);
        assertArrayEquals(new int[] {4, 2, 3, 1, 1, 1, 1, 1}, (int[]) arg(permute, 2), "out shape");
        assertArrayEquals(new int[] {1, 12, 4, 1, 1, 1, 1, 1}, (int[]) arg(permute, 3), "x strides of axes 2, 0, 1");
        assertEquals(24L, arg(permute, 5));

        assertThrows(
                IllegalArgumentException.class, () -> kernels.sumToShape(x, new int[] {2, 12}, out, new int[] {12}));
    }

    @Test
    void gemmTilesTheOutputPerBatchEntry() {
        DeviceBuffer a = floats("a", 1);
        DeviceBuffer b = floats("b", 1);
        DeviceBuffer c = floats("c", 1);
        GemmParams p = new GemmParams(3, 100, 130, 7, true, false, 0.5f, 2f, 700, 0, 13000);
        kernels.gemm(p, a, b, c);
        Launch l = host.only();
        assertEquals(2, l.gridX(), "ceil(130 / 128) column tiles");
        assertEquals(2, l.gridY(), "ceil(100 / 64) row tiles");
        assertEquals(3, l.gridZ(), "one slice per batch entry");
        assertEquals(
                List.of(a, b, c, 100, 130, 7, 1, 0, 0.5f, 2f, 700L, 0L, 13000L, 64, 0),
                l.args(),
                "64-row tiles, exact float32 (this CudaKernels has TF32 off)");

        host.launches.clear();
        new CudaKernels(host, true).gemm(GemmParams.of(32, 1000, 9, false, false), a, b, c);
        Launch thin = host.only();
        assertEquals(4, thin.gridX(), "32-row tiles are 256 columns wide");
        assertEquals(1, thin.gridY());
        assertEquals(List.of(32, 1), thin.args().subList(13, 15), "32-row tiles on TF32 tensor cores");
        assertThrows(
                IllegalArgumentException.class,
                () -> LaunchGeometry.tiles(10, 10, 70_000),
                "gridDim.z is limited to 65535");
    }

    @Test
    void convolutionsAreImplicitGemmsOverTheRightExtents() {
        Conv1dParams p = new Conv1dParams(2, 3, 70, 50, 5, 2, 1, 2); // outLength = (50 + 2 - 8 - 1) / 2 + 1 = 22
        assertEquals(22, p.outLength());
        DeviceBuffer x = floats("x", 300);
        DeviceBuffer w = floats("w", 1050);
        DeviceBuffer y = floats("y", 3080);
        kernels.conv1dForward(p, x, w, null, y);
        Launch fwd = host.launches.get(0);
        assertEquals(1, fwd.gridX(), "2 * 22 = 44 output columns fit one tile");
        assertEquals(2, fwd.gridY(), "70 output channels need two row tiles");
        assertEquals(Arrays.asList(x, w, null, y, 2, 3, 70, 50, 5, 2, 1, 2, 22, 64, 0), fwd.args());

        kernels.conv1dBackwardInput(p, y, w, x);
        Launch bin = host.launches.get(1);
        assertEquals(1, bin.gridX(), "2 * 50 = 100 input columns fit one 256-column tile");
        assertEquals(1, bin.gridY(), "3 input channels");
        assertEquals(32, arg(bin, 12), "3 rows: a 32-row tile");

        DeviceBuffer gradW = floats("gradW", 1050);
        DeviceBuffer gradBias = floats("gradBias", 70);
        kernels.conv1dBackwardWeight(p, x, y, gradW, gradBias);
        Launch bw = host.launches.get(2);
        assertEquals("conv1d_backward_weight", bw.kernel().name());
        assertEquals(1, bw.gridX(), "3 * 5 = 15 weight columns");
        assertEquals(2, bw.gridY());
        assertEquals(1, bw.gridZ(), "K = 2 * 22 is too short to split");
        assertEquals(List.of(x, y, gradW), bw.args().subList(0, 3), "a single split writes gradW directly");
        assertEquals(
                List.of("channel_sum_partial", "chunk_sum_finish"),
                host.kernelNames().subList(3, 5));
        Launch bias = host.launches.get(3);
        assertEquals(70, bias.gridX(), "one block per output channel ...");
        assertEquals(1, bias.gridY(), "... and 44 terms make one chunk");
        assertEquals(List.of(y, host.scratch.get(0), 2, 70, 22, 1, 44), bias.args());
        assertEquals(
                List.of(host.scratch.get(0), gradBias, 70, 1),
                host.launches.get(4).args());
    }

    @Test
    void oneInputChannelConvolvesDirectlyWhereItsStretchFits() {
        Conv1dParams first = new Conv1dParams(32, 1, 32, 32000, 100, 4, 0, 1); // the speech model's first layer
        kernels.conv1dForward(first, floats("x", 1), floats("w", 1), null, floats("y", 1));
        Launch direct = host.only();
        assertEquals("conv1d_forward_direct", direct.kernel().name());
        assertEquals((first.outLength() + 255) / 256, direct.gridX(), "256 positions per block");
        assertEquals(32, direct.gridY(), "one row of blocks per clip");
        assertEquals(1, direct.gridZ(), "32 output channels");
        assertTrue(CudaKernels.directConvolutionFits(first));
        assertFalse(
                CudaKernels.directConvolutionFits(new Conv1dParams(1, 1, 8, 9000, 100, 16, 0, 1)),
                "255 * 16 + 100 samples do not fit the staging array");
        assertFalse(CudaKernels.directConvolutionFits(new Conv1dParams(1, 2, 8, 900, 3, 1, 0, 1)));
    }

    @Test
    void longWeightGradientsSplitKAndSumTheSlicesInOrder() {
        Conv1dParams p = new Conv1dParams(32, 1, 32, 8000, 100, 1, 0, 1); // the speech model's first layer
        DeviceBuffer gradW = floats("gradW", 3200);
        kernels.conv1dBackwardWeight(p, floats("x", 256_000), floats("gy", 32 * 32 * 7901), gradW, null);
        assertEquals(List.of("conv1d_backward_weight", "reduce_strided"), host.kernelNames());
        Launch gemm = host.launches.get(0);
        LaunchGeometry.SplitK split = LaunchGeometry.splitK(32, 100, 32 * 7901);
        assertEquals(split.splits(), gemm.gridZ());
        assertEquals(split.splits(), gemm.gridX() * gemm.gridY() * gemm.gridZ(), "one 32 x 256 tile per split");
        assertTrue(gemm.gridZ() >= 100, "enough blocks to fill a GPU, got " + gemm.gridZ());
        assertEquals(split.kPerSplit(), arg(gemm, 12));
        RecordingHost.FakeBuffer partials = host.scratch.get(0);
        assertEquals((long) split.splits() * 3200, partials.size());
        assertSame(partials, arg(gemm, 2));
        assertEquals(
                List.of(partials, gradW, 1, split.splits(), 3200, ReduceOp.SUM.ordinal()),
                host.launches.get(1).args());
        assertTrue(partials.closed);
    }

    @Test
    void splitKCoversKWithoutEmptySlices() {
        for (long k : new long[] {1, 15, 16, 255, 256, 257, 1000, 44_000, 252_832, 10_000_000}) {
            for (long mn : new long[] {1, 64, 100, 5000}) {
                LaunchGeometry.SplitK s = LaunchGeometry.splitK(mn, mn, k);
                assertTrue(s.splits() >= 1 && s.kPerSplit() % 16 == 0, s.toString());
                assertTrue((long) s.splits() * s.kPerSplit() >= k, "k=" + k + " not covered by " + s);
                assertTrue((long) (s.splits() - 1) * s.kPerSplit() < k, "k=" + k + ": empty last slice in " + s);
                assertTrue(s.splits() == 1 || s.kPerSplit() >= 240, "slices too thin: " + s);
            }
        }
        assertEquals(1, LaunchGeometry.splitK(5000, 5000, 1_000_000).splits(), "enough tiles already");
    }

    @Test
    void batchNormBackwardUsesAScratchBufferAndClosesIt() {
        BatchNormParams p = new BatchNormParams(4, 3, 5, 1e-5f, 0.1f);
        DeviceBuffer x = floats("x", 60);
        kernels.batchNormBackward(
                p,
                x,
                BatchNormBuffers.<DeviceBuffer>affine(null, null).withSaved(floats("mean", 3), floats("istd", 3)),
                new BatchNormGrads<>(floats("gy", 60), floats("gx", 60), null, floats("gb", 3)));
        assertEquals(List.of("bn_backward_partial", "bn_backward_finish", "bn_backward_apply"), host.kernelNames());
        RecordingHost.FakeBuffer sums = host.scratch.get(0);
        RecordingHost.FakeBuffer partials = host.scratch.get(1);
        assertEquals(12, sums.size(), "sum(gradY) and sum(gradY * xhat) per channel, as doubles");
        assertEquals(12, partials.size(), "the same per chunk, one chunk here");
        assertTrue(sums.closed && partials.closed);
        assertSame(partials, arg(host.launches.get(0), 4));
        assertEquals(3, host.launches.get(0).gridX(), "one block per channel and chunk");
        assertEquals(List.of(partials, sums), host.launches.get(1).args().subList(0, 2));
        assertNull(arg(host.launches.get(1), 2), "gradGamma skipped");
        assertSame(sums, arg(host.launches.get(2), 5));
        assertEquals(60L, arg(host.launches.get(2), 9));
        assertEquals(20f, arg(host.launches.get(2), 10), "M = batch * length");
    }

    @Test
    void trainingAndInferenceNormaliseWithDifferentStatistics() {
        BatchNormParams p = new BatchNormParams(2, 3, 4, 1e-3f, 0.2f);
        DeviceBuffer x = floats("x", 24);
        DeviceBuffer mean = floats("mean", 3);
        DeviceBuffer invStd = floats("invStd", 3);
        DeviceBuffer runMean = floats("runMean", 3);
        DeviceBuffer runVar = floats("runVar", 3);
        kernels.batchNormForwardTraining(
                p,
                x,
                BatchNormBuffers.<DeviceBuffer>affine(null, null)
                        .withRunning(runMean, runVar)
                        .withSaved(mean, invStd),
                floats("y", 24));
        assertEquals(List.of("bn_stats_partial", "bn_stats_finish", "bn_apply"), host.kernelNames());
        assertEquals(
                List.of(mean, invStd, runMean, runVar),
                host.launches.get(1).args().subList(1, 5));
        Launch apply = host.launches.get(2);
        assertEquals(List.of(mean, invStd, 0), apply.args().subList(1, 4), "training: saved 1/std");

        host.launches.clear();
        kernels.batchNormForwardInference(
                p, x, BatchNormBuffers.<DeviceBuffer>affine(null, null).withRunning(runMean, runVar), floats("y", 24));
        Launch inference = host.only();
        assertEquals(List.of(runMean, runVar, 1, 1e-3f), inference.args().subList(1, 5), "inference: a variance");
    }

    @Test
    void fusedBlockForwardAndBackward() {
        BatchNormParams bn = new BatchNormParams(2, 3, 8, 1e-5f, 0.1f);
        MaxPool1dParams pool = new MaxPool1dParams(2, 3, 8, 2, 2, 0);
        DeviceBuffer x = floats("x", 48);
        DeviceBuffer pooled = floats("pooled", 24);
        DeviceBuffer indices = ints("indices", 24);
        DeviceBuffer mean = floats("mean", 3);
        DeviceBuffer invStd = floats("invStd", 3);
        BatchNormBuffers<DeviceBuffer> saved =
                BatchNormBuffers.<DeviceBuffer>affine(null, null).withSaved(mean, invStd);
        kernels.batchNormReluMaxPoolForward(
                new BnReluPoolParams(bn, pool), true, new BnReluPoolBuffers(x, saved, pooled, indices));
        assertEquals(List.of("bn_stats_partial", "bn_stats_finish", "bn_relu_maxpool_forward"), host.kernelNames());
        assertEquals(List.of(x, mean, invStd, 0), host.launches.get(2).args().subList(0, 4));

        host.launches.clear();
        host.scratch.clear();
        DeviceBuffer gradX = floats("gradX", 48);
        kernels.batchNormReluMaxPoolBackward(
                new BnReluPoolParams(bn, pool),
                new BnReluPoolBuffers(x, saved, pooled, indices),
                new BatchNormGrads<>(floats("gp", 24), gradX, null, null));
        assertEquals(
                List.of(
                        "fill_f32",
                        "maxpool_backward_scatter",
                        "bn_backward_partial",
                        "bn_backward_finish",
                        "bn_backward_apply"),
                host.kernelNames());
        RecordingHost.FakeBuffer gradZ = host.scratch.get(0);
        assertEquals(48, gradZ.size());
        assertSame(gradZ, arg(host.launches.get(0), 0), "gradZ zeroed");
        assertSame(pooled, arg(host.launches.get(1), 2), "ReLU's mask comes from pooled");
        assertSame(gradZ, arg(host.launches.get(2), 1), "batch-norm backward reads gradZ");
        assertTrue(host.scratch.stream().allMatch(b -> b.closed));
    }

    @Test
    void maxPoolBackwardZeroesThenScatters() {
        MaxPool1dParams p = new MaxPool1dParams(1, 2, 9, 3, 2, 1);
        DeviceBuffer gradX = floats("gradX", 18);
        kernels.maxPool1dBackward(p, floats("gy", 10), ints("idx", 10), gradX);
        assertEquals(List.of("fill_f32", "maxpool_backward_scatter"), host.kernelNames());
        assertEquals(List.of(gradX, 18L, 0f), host.launches.get(0).args());
        assertNull(arg(host.launches.get(1), 2), "no ReLU mask");
    }

    @Test
    void optimizerStepsNeedTheirStateBuffers() {
        DeviceBuffer p = floats("p", 5);
        DeviceBuffer g = floats("g", 5);
        assertThrows(
                IllegalArgumentException.class,
                () -> kernels.sgdStep(new SgdParams(0.1f, 0.9f, 0f, false, 0f, true), p, g, null, 5));
        kernels.sgdStep(new SgdParams(0.1f, 0f, 0f, false, 0f, false), p, g, null, 5);
        assertEquals("sgd_step", host.only().kernel().name());

        AdamParams adam = new AdamParams(1e-3f, 0.9f, 0.999f, 1e-8f, 0.01f, true, false, 3);
        kernels.adamStep(adam, new AdamBuffers<>(p, g, floats("m", 5), floats("v", 5), null), 5);
        Launch l = host.launches.get(1);
        assertEquals((float) (1e-3f / (1 - Math.pow(0.9f, 3))), arg(l, 13));
        assertEquals((float) Math.sqrt(1 - Math.pow(0.999f, 3)), arg(l, 14));
        assertEquals((float) (1 - (double) 1e-3f * 0.01f), arg(l, 6), "AdamW's decay factor");
        assertThrows(
                IllegalArgumentException.class,
                () -> kernels.adamStep(
                        new AdamParams(1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, true, 1),
                        new AdamBuffers<>(p, g, p, p, null),
                        5));
    }

    @Test
    void everyKernelInTheCatalogIsUsed() {
        DeviceBuffer f = floats("f", 4096);
        DeviceBuffer i = ints("i", 4096);
        BatchNormParams bn = new BatchNormParams(2, 3, 8, 1e-5f, 0.1f);
        MaxPool1dParams pool = new MaxPool1dParams(2, 3, 8, 2, 2, 0);
        Conv1dParams conv = new Conv1dParams(2, 3, 4, 16, 3, 1, 1, 1);
        CrossEntropyParams ce = new CrossEntropyParams(4, 5, 0.1f);
        kernels.fill(f, 10, 0f);
        kernels.copy(i, i, 10);
        kernels.unary(UnaryOp.EXP, f, f, 10);
        kernels.affine(f, f, 10, 1f, 0f);
        kernels.axpy(1f, f, f, 10);
        kernels.binary(BinaryOp.ADD, f, f, f, Broadcast.of(new int[] {4}, new int[] {4}));
        kernels.binary(BinaryOp.ADD, f, f, f, Broadcast.of(new int[] {2, 4}, new int[] {4}));
        kernels.reluBackward(f, f, f, 10);
        kernels.dropout(f, f, f, 10, 0.5f, 1L);
        kernels.reduce(ReduceOp.SUM, f, f, 2, 3, 1);
        kernels.reduce(ReduceOp.SUM, f, f, 2, 3_000, 1);
        kernels.reduce(ReduceOp.SUM, f, f, 2, 3, 4);
        kernels.sumToShape(f, new int[] {2, 4}, f, new int[] {1, 4});
        kernels.sumToShape(f, new int[] {300, 4}, f, new int[] {1, 4});
        kernels.permute(f, new int[] {2, 4}, new int[] {1, 0}, f);
        kernels.argmax(f, i, 2, 4);
        kernels.gemm(GemmParams.of(2, 3, 4, false, false), f, f, f);
        kernels.conv1dForward(conv, f, f, f, f);
        kernels.conv1dForward(new Conv1dParams(2, 1, 4, 16, 3, 1, 1, 1), f, f, f, f);
        kernels.conv1dBackwardInput(conv, f, f, f);
        kernels.conv1dBackwardWeight(conv, f, f, f, f);
        BatchNormBuffers<DeviceBuffer> bnAll = new BatchNormBuffers<>(f, f, f, f, f, f);
        BatchNormGrads<DeviceBuffer> grads = new BatchNormGrads<>(f, f, f, f);
        kernels.batchNormForwardTraining(bn, f, bnAll, f);
        kernels.batchNormForwardInference(bn, f, bnAll, f);
        kernels.batchNormBackward(bn, f, bnAll, grads);
        kernels.maxPool1dForward(pool, f, f, i);
        kernels.maxPool1dBackward(pool, f, i, f);
        kernels.batchNormReluMaxPoolForward(
                new BnReluPoolParams(bn, pool), false, new BnReluPoolBuffers(f, bnAll.withSaved(null, null), f, i));
        kernels.batchNormReluMaxPoolBackward(
                new BnReluPoolParams(bn, pool), new BnReluPoolBuffers(f, bnAll, f, i), grads);
        kernels.logSoftmax(f, f, 4, 5);
        kernels.logSoftmaxBackward(f, f, f, 4, 5);
        kernels.crossEntropyForward(ce, f, new CrossEntropySaved(f, i), f);
        kernels.crossEntropyBackward(ce, new CrossEntropySaved(f, i), f, f);
        kernels.nllForward(ce, f, i, f);
        kernels.nllBackward(ce, i, f, f);
        kernels.sgdStep(new SgdParams(0.1f, 0.9f, 0f, true, 0f, false), f, f, f, 10);
        kernels.adamStep(
                new AdamParams(1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, true, 1), new AdamBuffers<>(f, f, f, f, f), 10);

        Set<String> used = new TreeSet<>(host.kernelNames());
        Set<String> all =
                KernelCatalog.all().stream().map(KernelSignature::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(all, used);
    }
}
