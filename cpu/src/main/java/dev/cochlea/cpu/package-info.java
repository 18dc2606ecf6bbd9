/**
 * The cpu backend: {@code Kernels} written with the JDK Vector API (register-tiled GEMM, implicit-GEMM
 * convolutions, fused blocks), run on a fixed pool of threads over pooled heap arrays.
 */
package dev.cochlea.cpu;
