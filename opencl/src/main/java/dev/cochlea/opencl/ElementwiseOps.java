package dev.cochlea.opencl;

import dev.cochlea.kernels.BinaryOp;
import dev.cochlea.kernels.Broadcast;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.UnaryOp;

/**
 * Launches elementwise.cl: one work-item per element. The kernels' U_* and B_* op codes are the ordinals of
 * {@link UnaryOp} and {@link BinaryOp} ({@code KernelSignatureTest} checks them against the source).
 */
final class ElementwiseOps {
    private final ClContext ctx;

    ElementwiseOps(ClContext ctx) {
        this.ctx = ctx;
    }

    void fill(DeviceBuffer out, long n, float value) {
        ctx.launch(KernelCatalog.FILL).buf(out).i(n).f(value).run1d(n);
    }

    void copy(DeviceBuffer src, DeviceBuffer dst, long n) {
        if (n > 0) {
            ctx.copy((ClBuffer) src, (ClBuffer) dst, n * src.dtype().bytes());
        }
    }

    void unary(UnaryOp op, DeviceBuffer x, DeviceBuffer out, long n) {
        ctx.launch(KernelCatalog.UNARY).buf(x, out).i(n, op.ordinal()).run1d(n);
    }

    void affine(DeviceBuffer x, DeviceBuffer out, long n, float scale, float shift) {
        ctx.launch(KernelCatalog.AFFINE).buf(x, out).i(n).f(scale, shift).run1d(n);
    }

    void axpy(float alpha, DeviceBuffer x, DeviceBuffer y, long n) {
        ctx.launch(KernelCatalog.AXPY).f(alpha).buf(x, y).i(n).run1d(n);
    }

    void binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer out, Broadcast shape) {
        long n = shape.outSize();
        AxisFolding walk = AxisFolding.fold(shape.outShape(), shape.aStrides(), shape.bStrides());
        if (shape.isElementwise() || walk.rank() <= 1 && isContiguous(walk)) {
            ctx.launch(KernelCatalog.BINARY_FLAT)
                    .buf(a, b, out)
                    .i(n, op.ordinal())
                    .run1d(n);
            return;
        }
        ctx.launch(KernelCatalog.BINARY_BROADCAST)
                .buf(a, b, out)
                .i(n, op.ordinal(), walk.rank())
                .int8(walk.shape())
                .int8(walk.strides(0))
                .int8(walk.strides(1))
                .run1d(n);
    }

    void reluBackward(DeviceBuffer x, DeviceBuffer gradOut, DeviceBuffer gradIn, long n) {
        ctx.launch(KernelCatalog.RELU_BACKWARD).buf(x, gradOut, gradIn).i(n).run1d(n);
    }

    void dropout(DeviceBuffer x, DeviceBuffer mask, DeviceBuffer out, long n, float p, long seed) {
        float keptScale = 1f / (1f - p); // computed here, as the reference does, so both scale by the same float
        ctx.launch(KernelCatalog.DROPOUT)
                .buf(x, mask, out)
                .i(n)
                .f(p, keptScale)
                .l(seed)
                .run1d(n);
    }

    /** Folded to at most one axis with unit strides: a flat loop over both operands. */
    private static boolean isContiguous(AxisFolding walk) {
        return walk.rank() == 0 || (walk.strides(0)[0] == 1 && walk.strides(1)[0] == 1);
    }
}
