/**
 * Inference plans: {@link dev.cochlea.inference.Inference#compile} freezes a model in evaluation mode into a
 * thread-safe {@link dev.cochlea.inference.InferencePlan} with batch norm folded into the convolutions, conv blocks
 * fused into one kernel, no autograd tape and buffers reused across calls.
 */
package dev.cochlea.inference;
