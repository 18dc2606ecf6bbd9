package dev.cochlea.kernels;

/**
 * The learned tensors of one convolution, named so that the two cannot be swapped by position: weight
 * [outChannels, inChannels / groups, kernelSize] and bias [outChannels] (null when the layer has none).
 *
 * @param packed the weight already rearranged by {@link Kernels#packConvWeight} for a backend that reads it in a layout
 *     of its own, so that weights fixed over many calls (an inference plan's) are rearranged once instead of on
 *     every call; null to have the backend work from {@code weight} alone
 */
public record Conv1dWeights(DeviceBuffer weight, DeviceBuffer bias, DeviceBuffer packed) {
    /** Weights the backend reads as they are, or rearranges on each call. */
    public Conv1dWeights(DeviceBuffer weight, DeviceBuffer bias) {
        this(weight, bias, null);
    }
}
