// The two tensor-core instructions of the TF32 path (sm_80+, PTX ISA 7.0+):
//   to_tf32: cvt.rna.tf32.f32, round a float to TF32 (10 mantissa bits, to nearest, ties away from zero), as
//            cuBLAS and cuDNN do before a TF32 product;
//   mma_tf32_m16n8k8: mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32, D(16x8) += A(16x8) B(8x8) for one warp.
// Fragments (PTX ISA, "Matrix fragments for mma.m16n8k8", .tf32), with g = lane / 4 and t = lane % 4:
//   a[0] = A[g][t], a[1] = A[g + 8][t], a[2] = A[g][t + 4], a[3] = A[g + 8][t + 4]
//   b[0] = B[t][g], b[1] = B[t + 4][g]
//   d[0] = D[g][2t], d[1] = D[g][2t + 1], d[2] = D[g + 8][2t], d[3] = D[g + 8][2t + 1]
// The CPU emulator (src/test/cpp/emulator) defines COCHLEA_EMULATED_TENSOR_CORES and provides both functions with
// these exact fragment layouts, so the conformance kit checks our indexing of them.
#pragma once

#ifndef COCHLEA_EMULATED_TENSOR_CORES
__device__ __forceinline__ float to_tf32(float x) {
    unsigned r;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(x));
    return __uint_as_float(r);
}

__device__ __forceinline__ void mma_tf32_m16n8k8(float d[4], const float a[4], const float b[2]) {
    asm volatile(
        "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, "
        "{%0, %1, %2, %3};"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(__float_as_uint(a[0])), "r"(__float_as_uint(a[1])), "r"(__float_as_uint(a[2])),
          "r"(__float_as_uint(a[3])), "r"(__float_as_uint(b[0])), "r"(__float_as_uint(b[1])));
}
#endif
