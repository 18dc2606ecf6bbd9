package dev.cochlea.kernels;

/**
 * Working buffers for {@link Kernels#conv1dBlockForward} on a backend that runs the block as separate kernels
 * ({@link Kernels#fusesConvBlocks()} false): the convolution's output (float32, {@link ConvBlockParams#convOutSize()}
 * elements) and the pool's indices (int32, {@link ConvBlockParams#outSize()} elements; null when there is no pool).
 */
public record ConvBlockScratch(DeviceBuffer convOut, DeviceBuffer poolIndices) {}
