package dev.cochlea.cuda;

import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;

/**
 * What {@link CudaKernels} needs from a device: queue a launch, and lend a scratch buffer. Scratch buffers may be
 * closed as soon as the launches that use them are queued: all work runs in order on one stream, so the pool hands
 * the memory out again only to work queued after them.
 */
interface KernelHost {
    void launch(Launch launch);

    DeviceBuffer scratch(DType dtype, long elements);
}
