package dev.cochlea.opencl;

import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.ReduceOp;
import dev.cochlea.kernels.Shapes;

/** Launches reduce.cl: axis reductions, the reverse of broadcasting, permutes and argmax. */
final class LayoutOps {
    /** Below this many elements per output, one work-item per output is faster than a work-group per output. */
    private static final int GROUP_REDUCTION_FROM = 64;

    private final ClContext ctx;

    LayoutOps(ClContext ctx) {
        this.ctx = ctx;
    }

    void reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer out, int outer, int reduced, int inner) {
        long outputs = (long) outer * inner;
        int code = op.ordinal(); // reduce.cl's R_* codes (KernelSignatureTest checks them)
        // Few long rows: a work-group each keeps the device busy and sums as a tree.
        if (reduced >= GROUP_REDUCTION_FROM && outputs < 8192) {
            Launch launch = ctx.launch(KernelCatalog.REDUCE_PER_GROUP);
            int local = ctx.reductionGroup(launch.kernel(), reduced);
            launch.buf(x, out).i(inner, reduced, code).localFloats(local).runGroups(outputs, local);
        } else {
            ctx.launch(KernelCatalog.REDUCE_PER_ITEM)
                    .buf(x, out)
                    .i(outer, reduced, inner, code)
                    .run1d(outputs);
        }
    }

    void sumToShape(DeviceBuffer x, int[] xShape, DeviceBuffer out, int[] outShape) {
        int rank = xShape.length;
        int[] outStrides = new int[rank]; // walking x's index, where each element lands in out (0 on summed axes)
        int[] contiguousOut = Shapes.contiguousStrides(outShape);
        for (int a = 0; a < rank; a++) {
            outStrides[a] = outShape[a] == 1 ? 0 : contiguousOut[a];
        }
        AxisFolding walk = AxisFolding.fold(xShape, Shapes.contiguousStrides(xShape), outStrides);
        int[] shape = walk.shape();
        int[] keptShape = new int[shape.length];
        int[] summedShape = new int[shape.length];
        long outputs = 1;
        long summed = 1;
        for (int a = 0; a < shape.length; a++) {
            boolean isSummed = walk.strides(1)[a] == 0;
            keptShape[a] = isSummed ? 1 : shape[a];
            summedShape[a] = isSummed ? shape[a] : 1;
            outputs *= keptShape[a];
            summed *= summedShape[a];
        }
        Launch launch = ctx.launch(KernelCatalog.SUM_TO_SHAPE);
        int local = ctx.reductionGroup(launch.kernel(), summed);
        launch.buf(x, out)
                .i(walk.rank(), summed)
                .int8(keptShape)
                .int8(summedShape)
                .int8(walk.strides(0))
                .localFloats(local)
                .runGroups(outputs, local);
    }

    void permute(DeviceBuffer x, int[] xShape, int[] perm, DeviceBuffer out) {
        int rank = xShape.length;
        int[] xStrides = Shapes.contiguousStrides(xShape);
        int[] outShape = new int[rank];
        int[] srcStrides = new int[rank];
        long n = 1;
        for (int j = 0; j < rank; j++) {
            outShape[j] = xShape[perm[j]];
            srcStrides[j] = xStrides[perm[j]];
            n *= outShape[j];
        }
        AxisFolding walk = AxisFolding.fold(outShape, srcStrides);
        ctx.launch(KernelCatalog.PERMUTE)
                .buf(x, out)
                .i(n, walk.rank())
                .int8(walk.shape())
                .int8(walk.strides(0))
                .run1d(n);
    }

    void argmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        ctx.launch(KernelCatalog.ARGMAX).buf(x, out).i(rows, cols).run1d(rows);
    }

    /** out[c] = sum over n, l of x[n, c, l]. */
    void channelSum(DeviceBuffer x, DeviceBuffer out, int batch, int channels, int length) {
        Launch launch = ctx.launch(KernelCatalog.CHANNEL_SUM);
        int local = ctx.reductionGroup(launch.kernel(), length);
        launch.buf(x, out).i(batch, channels, length).localFloats(local).runGroups(channels, local);
    }
}
