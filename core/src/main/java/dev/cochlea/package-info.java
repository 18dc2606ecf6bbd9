/**
 * The tensor and its autograd: {@code Tensor} (float32 or int32 on one backend), the define-by-run tape
 * ({@code Autograd}), {@code MemoryScope} for deterministic release, and PyTorch's CPU {@code Generator}.
 */
package dev.cochlea;
