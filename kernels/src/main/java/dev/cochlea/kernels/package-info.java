/**
 * The contract between the maths and the hardware: {@code Backend}, {@code DeviceBuffer}, {@code Kernels} with one
 * parameter record per op, the plain-loop {@code ReferenceBackend} that defines each kernel, and shared backend parts.
 */
package dev.cochlea.kernels;
