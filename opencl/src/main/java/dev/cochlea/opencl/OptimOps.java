package dev.cochlea.opencl;

import dev.cochlea.kernels.AdamBuffers;
import dev.cochlea.kernels.AdamParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.SgdParams;

/** Launches optim.cl: fused, in-place SGD and Adam steps, one work-item per parameter. */
final class OptimOps {
    private final ClContext ctx;

    OptimOps(ClContext ctx) {
        this.ctx = ctx;
    }

    void sgdStep(SgdParams p, DeviceBuffer param, DeviceBuffer grad, DeviceBuffer momentumBuffer, long n) {
        boolean momentum = p.momentum() != 0f;
        ctx.launch(KernelCatalog.SGD_STEP)
                .buf(param, grad, momentumBuffer)
                .i(n)
                .f(p.lr(), p.momentum(), p.dampening())
                .flag(p.nesterov())
                .f(p.weightDecay())
                .flag(p.firstStep(), momentum)
                .run1d(n);
    }

    void adamStep(AdamParams p, AdamBuffers<DeviceBuffer> b, long n) {
        ctx.launch(KernelCatalog.ADAM_STEP)
                .buf(b.param(), b.grad(), b.expAvg(), b.expAvgSq(), b.maxExpAvgSq())
                .i(n)
                .f(p.beta1(), p.beta2(), p.oneMinusBeta1(), p.oneMinusBeta2(), p.eps(), p.weightDecay())
                .flag(p.decoupledWeightDecay())
                .f(p.decoupledDecay())
                .flag(p.amsgrad())
                .f(p.stepSize(), p.bias2Sqrt())
                .run1d(n);
    }
}
