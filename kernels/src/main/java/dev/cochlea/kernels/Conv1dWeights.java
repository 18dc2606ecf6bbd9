package dev.cochlea.kernels;

/**
 * The learned tensors of one convolution, named so that the two cannot be swapped by position: weight
 * [outChannels, inChannels / groups, kernelSize] and bias [outChannels] (null when the layer has none).
 */
public record Conv1dWeights(DeviceBuffer weight, DeviceBuffer bias) {}
