/**
 * The differentiable ops: each checks shapes, runs its forward on the backend's kernels and records its
 * backward beside it; layers and Tensor methods are thin calls into these.
 */
package dev.cochlea.ops;
