package dev.cochlea.opencl;

import dev.cochlea.kernels.BatchNormBuffers;
import dev.cochlea.kernels.BatchNormGrads;
import dev.cochlea.kernels.BatchNormParams;
import dev.cochlea.kernels.DeviceBuffer;
import dev.cochlea.kernels.MaxPool1dParams;

/**
 * Launches batchnorm.cl and pool.cl, including the fused batch-norm -> ReLU -> max-pool block. Optional buffers that
 * are null are replaced by a harmless stand-in and a flag that tells the kernel not to touch them.
 */
final class NormPoolOps {
    private final ClContext ctx;

    NormPoolOps(ClContext ctx) {
        this.ctx = ctx;
    }

    void batchNormForwardTraining(BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b,
                                  DeviceBuffer y) {
        stats(p, x, b);
        DeviceBuffer gamma = b.gamma();
        DeviceBuffer beta = b.beta();
        long n = (long) p.batch() * p.channels() * p.length();
        ctx.launch("batchnorm", "bn_apply").buf(x).buf(y).buf(b.saveMean()).buf(b.saveInvStd()).buf(or(gamma, x))
                .buf(or(beta, x)).flag(gamma != null).flag(beta != null).i(p.channels()).i(p.length()).i(n).run1d(n);
    }

    void batchNormForwardInference(BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b,
                                   DeviceBuffer y) {
        DeviceBuffer gamma = b.gamma();
        DeviceBuffer beta = b.beta();
        long n = (long) p.batch() * p.channels() * p.length();
        ctx.launch("batchnorm", "bn_inference").buf(x).buf(y).buf(b.runningMean()).buf(b.runningVar())
                .buf(or(gamma, x))
                .buf(or(beta, x)).flag(gamma != null).flag(beta != null).i(p.channels()).i(p.length()).f(p.eps())
                .i(n).run1d(n);
    }

    void batchNormBackward(BatchNormParams p, DeviceBuffer x, DeviceBuffer gradY, BatchNormBuffers<DeviceBuffer> b,
                           BatchNormGrads<DeviceBuffer> grads) {
        DeviceBuffer gamma = b.gamma();
        DeviceBuffer saveMean = b.saveMean();
        DeviceBuffer gradGamma = grads.gradGamma();
        DeviceBuffer gradBeta = grads.gradBeta();
        Launch launch = ctx.launch("batchnorm", "bn_backward");
        int local = ctx.reductionGroup(launch.kernel(), p.count());
        launch.buf(x).buf(gradY).buf(or(gamma, x)).flag(gamma != null).buf(saveMean).buf(b.saveInvStd())
                .buf(grads.gradX()).buf(or(gradGamma, saveMean)).buf(or(gradBeta, saveMean)).flag(gradGamma != null)
                .flag(gradBeta != null).i(p.batch()).i(p.channels()).i(p.length()).localFloats(2L * local)
                .runGroups(p.channels(), local);
    }

    void maxPool1dForward(MaxPool1dParams p, DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices) {
        int rows = p.batch() * p.channels();
        ctx.launch("pool", "maxpool_forward").buf(x).buf(y).buf(indices).i(rows).i(p.inLength()).i(p.kernelSize())
                .i(p.stride()).i(p.padding()).i(p.outLength()).run1d((long) rows * p.outLength());
    }

    void maxPool1dBackward(MaxPool1dParams p, DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX) {
        int rows = p.batch() * p.channels();
        ctx.launch("pool", "maxpool_backward").buf(gradY).buf(indices).buf(gradX).i(rows).i(p.inLength())
                .i(p.kernelSize()).i(p.stride()).i(p.padding()).i(p.outLength()).run1d((long) rows * p.inLength());
    }

    void batchNormReluMaxPoolForward(BatchNormParams bn, MaxPool1dParams pool, boolean training, DeviceBuffer x,
                                     BatchNormBuffers<DeviceBuffer> b, DeviceBuffer pooled, DeviceBuffer indices) {
        if (training) {
            stats(bn, x, b);
        }
        DeviceBuffer gamma = b.gamma();
        DeviceBuffer beta = b.beta();
        long outputs = (long) pool.batch() * pool.channels() * pool.outLength();
        ctx.launch("pool", "bn_relu_maxpool_forward").buf(x).buf(training ? b.saveMean() : b.runningMean())
                .buf(training ? b.saveInvStd() : b.runningVar()).flag(!training).f(bn.eps()).buf(or(gamma, x)).buf(or(beta, x))
                .flag(gamma != null).flag(beta != null).buf(pooled).buf(indices).i(pool.batch()).i(pool.channels())
                .i(pool.inLength()).i(pool.kernelSize()).i(pool.stride()).i(pool.padding()).i(pool.outLength())
                .run1d(outputs);
    }

    void batchNormReluMaxPoolBackward(BatchNormParams bn, MaxPool1dParams pool, DeviceBuffer x,
                                      BatchNormBuffers<DeviceBuffer> b, DeviceBuffer pooled, DeviceBuffer indices,
                                      DeviceBuffer gradPooled, BatchNormGrads<DeviceBuffer> grads) {
        DeviceBuffer gamma = b.gamma();
        DeviceBuffer saveMean = b.saveMean();
        DeviceBuffer gradGamma = grads.gradGamma();
        DeviceBuffer gradBeta = grads.gradBeta();
        Launch launch = ctx.launch("pool", "bn_relu_maxpool_backward");
        int local = ctx.reductionGroup(launch.kernel(), bn.count());
        launch.buf(x).buf(or(gamma, x)).flag(gamma != null).buf(saveMean).buf(b.saveInvStd()).buf(pooled)
                .buf(indices).buf(gradPooled).buf(grads.gradX()).buf(or(gradGamma, saveMean)).buf(or(gradBeta, saveMean))
                .flag(gradGamma != null).flag(gradBeta != null).i(pool.batch()).i(pool.channels()).i(pool.inLength())
                .i(pool.kernelSize()).i(pool.stride()).i(pool.padding()).i(pool.outLength()).localFloats(2L * local)
                .runGroups(pool.channels(), local);
    }

    private void stats(BatchNormParams p, DeviceBuffer x, BatchNormBuffers<DeviceBuffer> b) {
        DeviceBuffer saveMean = b.saveMean();
        DeviceBuffer saveInvStd = b.saveInvStd();
        DeviceBuffer runningMean = b.runningMean();
        DeviceBuffer runningVar = b.runningVar();
        Launch launch = ctx.launch("batchnorm", "bn_stats");
        int local = ctx.reductionGroup(launch.kernel(), p.count());
        launch.buf(x).buf(saveMean).buf(saveInvStd).buf(or(runningMean, saveMean)).buf(or(runningVar, saveInvStd))
                .flag(runningMean != null).flag(runningVar != null).i(p.batch()).i(p.channels()).i(p.length()).f(p.eps()).f(p.momentum())
                .localFloats(local).runGroups(p.channels(), local);
    }

    private static DeviceBuffer or(DeviceBuffer buffer, DeviceBuffer standIn) {
        return buffer != null ? buffer : standIn;
    }
}
