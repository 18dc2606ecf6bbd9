/**
 * The opencl backend: OpenCL C kernels (the .cl resources) launched through JOCL from a typed launch catalog
 * checked against the sources, with tiled GEMM and convolutions in local memory over pooled device buffers.
 */
package dev.cochlea.opencl;
