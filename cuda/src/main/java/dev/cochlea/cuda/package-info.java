/**
 * The cuda backend: CUDA C kernels compiled ahead of time to PTX and launched through JCuda's driver API from a
 * typed launch catalog checked against the .cu sources, over a caching device allocator.
 */
package dev.cochlea.cuda;
