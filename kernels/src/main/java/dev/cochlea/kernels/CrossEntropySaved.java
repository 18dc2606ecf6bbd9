package dev.cochlea.kernels;

/**
 * What a cross-entropy forward leaves for its backward, named so that the two cannot be swapped by position: the
 * log-probabilities [rows, classes] (written by the forward) and the int32 labels [rows] it was given.
 */
public record CrossEntropySaved(DeviceBuffer logProbs, DeviceBuffer labels) {}
