package dev.cochlea.opencl;

import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.BnReluPoolBuffers;
import dev.cochlea.kernels.BnReluPoolParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.MaxPool1dParams;
import dev.cochlea.kernels.catalog.KernelSignature;

/**
 * Launches batchnorm.cl and pool.cl, including the fused batch-norm -> ReLU -> max-pool block. Optional buffers that
 * are null go to the kernel as NULL, with a flag that tells it not to touch them.
 */
final class NormPoolOps {
    private final ClContext ctx;

    NormPoolOps(ClContext ctx) {
        this.ctx = ctx;
    }

    void batchNormForwardTraining(BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        stats(p, x, b);
        long n = (long) p.batch() * p.channels() * p.length();
        ctx.launch(KernelCatalog.BN_APPLY)
                .buf(x, y, b.saveMean(), b.saveInvStd(), b.gamma(), b.beta())
                .flag(b.gamma() != null, b.beta() != null)
                .i(p.channels(), p.length(), n)
                .run1d(n);
    }

    void batchNormForwardInference(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, DeviceBuffer y) {
        long n = (long) p.batch() * p.channels() * p.length();
        ctx.launch(KernelCatalog.BN_INFERENCE)
                .buf(x, y, b.runningMean(), b.runningVar(), b.gamma(), b.beta())
                .flag(b.gamma() != null, b.beta() != null)
                .i(p.channels(), p.length())
                .f(p.eps())
                .i(n)
                .run1d(n);
    }

    void batchNormBackward(
            BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b, BatchNormGrads<DeviceBuffer> grads) {
        Launch launch = ctx.launch(KernelCatalog.BN_BACKWARD);
        int local = ctx.reductionGroup(launch.kernel(), p.count());
        launch.buf(x, grads.gradY(), b.gamma())
                .flag(b.gamma() != null)
                .buf(b.saveMean(), b.saveInvStd(), grads.gradX(), grads.gradGamma(), grads.gradBeta())
                .flag(grads.gradGamma() != null, grads.gradBeta() != null)
                .i(p.batch(), p.channels(), p.length())
                .localFloats(2L * local)
                .runGroups(p.channels(), local);
    }

    void maxPool1dForward(MaxPool1dParams p, DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices) {
        maxPool(KernelCatalog.MAXPOOL_FORWARD, p, x, y, indices, p.outLength());
    }

    void maxPool1dBackward(MaxPool1dParams p, DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX) {
        maxPool(KernelCatalog.MAXPOOL_BACKWARD, p, gradY, indices, gradX, p.inLength());
    }

    /** Either max-pool kernel: three buffers, then the rows and the window; a work-item per element of each row. */
    private void maxPool(
            KernelSignature<ClParam> kernel,
            MaxPool1dParams p,
            DeviceBuffer a,
            DeviceBuffer b,
            DeviceBuffer c,
            int rowLength) {
        int rows = p.batch() * p.channels();
        ctx.launch(kernel)
                .buf(a, b, c)
                .i(rows, p.inLength(), p.kernelSize(), p.stride(), p.padding(), p.outLength())
                .run1d((long) rows * rowLength);
    }

    /** Training normalises with the batch statistics it computes first; inference with the running ones. */
    void batchNormReluMaxPoolForward(BnReluPoolParams p, boolean training, BnReluPoolBuffers b) {
        BatchNormBuffers<DeviceBuffer> norm = b.norm();
        MaxPool1dParams pool = p.pool();
        if (training) {
            stats(p.bn(), b.x(), norm);
        }
        long outputs = (long) pool.batch() * pool.channels() * pool.outLength();
        ctx.launch(KernelCatalog.BN_RELU_MAXPOOL_FORWARD)
                .buf(
                        b.x(),
                        training ? norm.saveMean() : norm.runningMean(),
                        training ? norm.saveInvStd() : norm.runningVar())
                .flag(!training)
                .f(p.bn().eps())
                .buf(norm.gamma(), norm.beta())
                .flag(norm.gamma() != null, norm.beta() != null)
                .buf(b.pooled(), b.indices())
                .i(pool.batch(), pool.channels())
                .i(pool.inLength(), pool.kernelSize(), pool.stride(), pool.padding(), pool.outLength())
                .run1d(outputs);
    }

    void batchNormReluMaxPoolBackward(BnReluPoolParams p, BnReluPoolBuffers b, BatchNormGrads<DeviceBuffer> grads) {
        BatchNormBuffers<DeviceBuffer> norm = b.norm();
        MaxPool1dParams pool = p.pool();
        Launch launch = ctx.launch(KernelCatalog.BN_RELU_MAXPOOL_BACKWARD);
        int local = ctx.reductionGroup(launch.kernel(), p.bn().count());
        launch.buf(b.x(), norm.gamma())
                .flag(norm.gamma() != null)
                .buf(norm.saveMean(), norm.saveInvStd(), b.pooled(), b.indices(), grads.gradY())
                .buf(grads.gradX(), grads.gradGamma(), grads.gradBeta())
                .flag(grads.gradGamma() != null, grads.gradBeta() != null)
                .i(pool.batch(), pool.channels())
                .i(pool.inLength(), pool.kernelSize(), pool.stride(), pool.padding(), pool.outLength())
                .localFloats(2L * local)
                .runGroups(pool.channels(), local);
    }

    private void stats(BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b) {
        Launch launch = ctx.launch(KernelCatalog.BN_STATS);
        int local = ctx.reductionGroup(launch.kernel(), p.count());
        launch.buf(x, b.saveMean(), b.saveInvStd(), b.runningMean(), b.runningVar())
                .flag(b.runningMean() != null, b.runningVar() != null)
                .i(p.batch(), p.channels(), p.length())
                .f(p.eps(), p.momentum())
                .localFloats(local)
                .runGroups(p.channels(), local);
    }
}
