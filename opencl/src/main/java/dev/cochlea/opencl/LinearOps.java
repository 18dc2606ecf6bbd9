package dev.cochlea.opencl;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.ReduceOp;

/** Launches gemm.cl and conv1d.cl: tiled products on TILE x TILE work-groups, the batch along dimension 2. */
final class LinearOps {
    private final ClContext ctx;
    private final OpenClBackend backend;
    private final LayoutOps layout;

    LinearOps(ClContext ctx, OpenClBackend backend, LayoutOps layout) {
        this.ctx = ctx;
        this.backend = backend;
        this.layout = layout;
    }

    void gemm(GemmParams p, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        ctx.launch("gemm", "gemm").buf(a).buf(b).buf(c).i(p.m()).i(p.n()).i(p.k()).flag(p.transA()).flag(p.transB())
                .f(p.alpha()).f(p.beta()).l(p.strideA()).l(p.strideB()).l(p.strideC())
                .run(tiledGrid(p.n(), p.m(), p.batch()), tileGroup());
    }

    void conv1dForward(Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y) {
        ctx.launch("conv1d", "conv1d_forward").buf(x).buf(w).buf(bias == null ? w : bias).flag(bias != null).buf(y)
                .i(p.inChannels()).i(p.outChannels()).i(p.inLength()).i(p.kernelSize()).i(p.stride()).i(p.padding())
                .i(p.dilation()).i(p.outLength())
                .run(tiledGrid(p.outLength(), p.outChannels(), p.batch()), tileGroup());
    }

    void conv1dBackwardInput(Conv1dParams p, DeviceBuffer gradY, DeviceBuffer w, DeviceBuffer gradX) {
        ctx.launch("conv1d", "conv1d_backward_input").buf(gradY).buf(w).buf(gradX)
                .i(p.inChannels()).i(p.outChannels()).i(p.inLength()).i(p.kernelSize()).i(p.stride()).i(p.padding())
                .i(p.dilation()).i(p.outLength())
                .run(tiledGrid(p.inLength(), p.inChannels(), p.batch()), tileGroup());
    }

    void conv1dBackwardWeight(Conv1dParams p, DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradW,
                              DeviceBuffer gradBias) {
        int cols = p.inChannels() * p.kernelSize();
        long weights = (long) p.outChannels() * cols;
        // Each batch entry's share goes to its own slice (gradW itself when there is one entry), then one sum.
        DeviceBuffer partial = p.batch() == 1 ? gradW : backend.allocate(DType.FLOAT32, weights * p.batch());
        try {
            ctx.launch("conv1d", "conv1d_backward_weight").buf(x).buf(gradY).buf(partial)
                    .i(p.inChannels()).i(p.outChannels()).i(p.inLength()).i(p.kernelSize()).i(p.stride())
                    .i(p.padding()).i(p.dilation()).i(p.outLength())
                    .run(tiledGrid(cols, p.outChannels(), p.batch()), tileGroup());
            if (partial != gradW) {
                layout.reduce(ReduceOp.SUM, partial, gradW, 1, p.batch(), Math.toIntExact(weights));
            }
        } finally {
            if (partial != gradW) {
                partial.close(); // safe while queued: the in-order queue runs later users of this block afterwards
            }
        }
        if (gradBias != null) {
            layout.channelSum(gradY, gradBias, p.batch(), p.outChannels(), p.outLength());
        }
    }

    /** Columns along dimension 0 and rows along 1, each rounded up to whole tiles; batch entries along 2. */
    private long[] tiledGrid(int columns, int rows, int batch) {
        return new long[] {Launch.roundUp(columns, ctx.tile), Launch.roundUp(rows, ctx.tile), batch};
    }

    private long[] tileGroup() {
        return new long[] {ctx.tile, ctx.tile, 1};
    }
}
