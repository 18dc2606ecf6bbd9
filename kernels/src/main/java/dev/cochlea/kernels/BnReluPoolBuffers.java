package dev.cochlea.kernels;

/**
 * The tensors of a fused BatchNorm1d -> ReLU -> MaxPool1d call, named so that none can be swapped by position: its
 * input x [batch, channels, length], the batch norm's per-channel buffers, and its outputs pooled and indices (int32)
 * [batch, channels, pool.outLength()]. The forward writes pooled, indices and the saved statistics; the backward
 * reads the same record back.
 */
public record BnReluPoolBuffers(
        DeviceBuffer x, BatchNormBuffers<DeviceBuffer> norm, DeviceBuffer pooled, DeviceBuffer indices) {}
