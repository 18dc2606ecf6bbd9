package dev.cochlea.opencl;

import dev.cochlea.kernels.Conv1dParams;
import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.GemmParams;
import dev.cochlea.kernels.ReduceOp;

/**
 * Launches gemm.cl and conv1d.cl: register-blocked tiled products, one TILE x TILE work-group per block of
 * (TILE * WPT)^2 outputs, the batch along dimension 2.
 */
final class LinearOps {
    private static final int TARGET_GROUPS = 256;
    private static final int MIN_SLICE = 512;

    private final ClContext ctx;
    private final OpenClBackend backend;
    private final LayoutOps layout;

    LinearOps(ClContext ctx, OpenClBackend backend, LayoutOps layout) {
        this.ctx = ctx;
        this.backend = backend;
        this.layout = layout;
    }

    void gemm(GemmParams p, DeviceBuffer a, DeviceBuffer b, DeviceBuffer c) {
        ctx.launch(KernelCatalog.GEMM)
                .buf(a, b, c)
                .i(p.m(), p.n(), p.k())
                .flag(p.transA(), p.transB())
                .f(p.alpha(), p.beta())
                .l(p.strideA(), p.strideB(), p.strideC())
                .run(tiledGrid(p.n(), p.m(), p.batch()), tileGroup());
    }

    void conv1dForward(Conv1dParams p, DeviceBuffer x, DeviceBuffer w, DeviceBuffer bias, DeviceBuffer y) {
        ctx.launch(KernelCatalog.CONV1D_FORWARD)
                .buf(x, w, bias)
                .flag(bias != null)
                .buf(y)
                .i(p.inChannels(), p.outChannels())
                .i(p.inLength(), p.kernelSize(), p.stride(), p.padding(), p.dilation(), p.outLength())
                .run(tiledGrid(p.outLength(), p.outChannels(), p.batch()), tileGroup());
    }

    void conv1dBackwardInput(Conv1dParams p, DeviceBuffer gradY, DeviceBuffer w, DeviceBuffer gradX) {
        ctx.launch(KernelCatalog.CONV1D_BACKWARD_INPUT)
                .buf(gradY, w, gradX)
                .i(p.inChannels(), p.outChannels())
                .i(p.inLength(), p.kernelSize(), p.stride(), p.padding(), p.dilation(), p.outLength())
                .run(tiledGrid(p.inLength(), p.inChannels(), p.batch()), tileGroup());
    }

    void conv1dBackwardWeight(
            Conv1dParams p, DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradW, DeviceBuffer gradBias) {
        int cols = p.inChannels() * p.kernelSize();
        long weights = (long) p.outChannels() * cols;
        int lout = p.outLength();
        int splits = splitsFor(p.outChannels(), cols, p.batch(), lout);
        int chunk = (lout + splits - 1) / splits;
        splits = (lout + chunk - 1) / chunk; // no empty slice
        int slices = p.batch() * splits;
        // Each slice (batch entry x output range) goes to its own partial gradW (gradW itself if there is one).
        DeviceBuffer partial = slices == 1 ? gradW : backend.allocate(DType.FLOAT32, weights * slices);
        try {
            ctx.launch(KernelCatalog.CONV1D_BACKWARD_WEIGHT)
                    .buf(x, gradY, partial)
                    .i(p.inChannels(), p.outChannels())
                    .i(p.inLength(), p.kernelSize(), p.stride(), p.padding(), p.dilation(), lout)
                    .i(splits, chunk)
                    .run(tiledGrid(cols, p.outChannels(), slices), tileGroup());
            if (partial != gradW) {
                layout.reduce(ReduceOp.SUM, partial, gradW, 1, slices, Math.toIntExact(weights));
            }
        } finally {
            if (partial != gradW) {
                partial.close(); // safe while queued: the in-order queue runs later users of this block afterwards
            }
        }
        if (gradBias != null) {
            layout.channelSum(gradY, gradBias, p.batch(), p.outChannels(), lout);
        }
    }

    /**
     * How many slices to cut each batch entry's output positions into: enough work-groups to fill a GPU (about
     * {@value #TARGET_GROUPS}), but no slice shorter than {@value #MIN_SLICE} positions, whose sum would cost more to
     * reduce than it saves.
     */
    private int splitsFor(int rows, int cols, int batch, int lout) {
        long blocks = (long) ceilDiv(rows, ctx.block()) * ceilDiv(cols, ctx.block()) * batch;
        long wanted = ceilDiv(TARGET_GROUPS, blocks);
        return (int) Math.max(1, Math.min(wanted, lout / MIN_SLICE));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** One TILE x TILE work-group per output block: columns along dimension 0, rows along 1, batch along 2. */
    private long[] tiledGrid(int columns, int rows, int batch) {
        return new long[] {ceilDiv(columns, ctx.block()) * ctx.tile, ceilDiv(rows, ctx.block()) * ctx.tile, batch};
    }

    private long[] tileGroup() {
        return new long[] {ctx.tile, ctx.tile, 1};
    }
}
