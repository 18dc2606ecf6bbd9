package dev.cochlea.opencl;

import dev.cochlea.kernels.CrossEntropyParams;
import dev.cochlea.kernels.CrossEntropySaved;
import dev.cochlea.kernels.DeviceBuffer;

/** Launches loss.cl: row-wise log-softmax (one work-group per row), cross-entropy and NLL. */
final class LossOps {
    private final ClContext ctx;

    LossOps(ClContext ctx) {
        this.ctx = ctx;
    }

    void logSoftmax(DeviceBuffer x, DeviceBuffer out, int rows, int cols) {
        Launch launch = ctx.launch(KernelCatalog.LOG_SOFTMAX);
        int local = ctx.reductionGroup(launch.kernel(), cols);
        launch.buf(x, out).i(cols).localFloats(local).runGroups(rows, local);
    }

    void logSoftmaxBackward(DeviceBuffer y, DeviceBuffer gradY, DeviceBuffer gradX, int rows, int cols) {
        Launch launch = ctx.launch(KernelCatalog.LOG_SOFTMAX_BACKWARD);
        int local = ctx.reductionGroup(launch.kernel(), cols);
        launch.buf(y, gradY, gradX).i(cols).localFloats(local).runGroups(rows, local);
    }

    void crossEntropyForward(CrossEntropyParams p, DeviceBuffer logits, CrossEntropySaved saved, DeviceBuffer losses) {
        Launch launch = ctx.launch(KernelCatalog.CROSS_ENTROPY_FORWARD);
        int local = ctx.reductionGroup(launch.kernel(), p.classes());
        launch.buf(logits, saved.labels(), saved.logProbs(), losses)
                .i(p.classes())
                .f(p.labelSmoothing())
                .localFloats(local)
                .runGroups(p.rows(), local);
    }

    void crossEntropyBackward(
            CrossEntropyParams p, CrossEntropySaved saved, DeviceBuffer gradLosses, DeviceBuffer gradLogits) {
        ctx.launch(KernelCatalog.CROSS_ENTROPY_BACKWARD)
                .buf(saved.logProbs(), saved.labels(), gradLosses, gradLogits)
                .i(p.rows(), p.classes())
                .f(p.labelSmoothing())
                .run1d((long) p.rows() * p.classes());
    }

    void nllForward(CrossEntropyParams p, DeviceBuffer logProbs, DeviceBuffer labels, DeviceBuffer losses) {
        ctx.launch(KernelCatalog.NLL_FORWARD)
                .buf(logProbs, labels, losses)
                .i(p.rows(), p.classes())
                .run1d(p.rows());
    }

    void nllBackward(CrossEntropyParams p, DeviceBuffer labels, DeviceBuffer gradLosses, DeviceBuffer gradLogProbs) {
        ctx.launch(KernelCatalog.NLL_BACKWARD)
                .buf(labels, gradLosses, gradLogProbs)
                .i(p.rows(), p.classes())
                .run1d((long) p.rows() * p.classes());
    }
}
