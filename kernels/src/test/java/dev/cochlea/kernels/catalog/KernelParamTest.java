package dev.cochlea.kernels.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Declared types are matched by spelling once normalised, as the OpenCL and CUDA sources write them. */
class KernelParamTest {
    /** OpenCL's (CL_) and CUDA's (CU_) spellings of the types our kernels take, some of them. */
    private enum Spelled implements KernelParam {
        CL_F32_PTR,
        CL_I32_PTR,
        CL_LOCAL_F32,
        CL_INT8,
        CU_F32_PTR,
        CU_WORD_PTR,
        CU_U64,
        CU_SHAPE8;

        @Override
        public String spelling() {
            return switch (this) {
                case CL_F32_PTR -> "__global float*";
                case CL_I32_PTR -> "__global int*";
                case CL_LOCAL_F32 -> "__local float*";
                case CL_INT8 -> "int8";
                case CU_F32_PTR -> "float*";
                case CU_WORD_PTR -> "unsigned int*";
                case CU_U64 -> "unsigned long long";
                case CU_SHAPE8 -> "Shape8";
            };
        }
    }

    @Test
    void constSpacesAndPointerSpacingAreNormalised() {
        assertEquals(Spelled.CL_F32_PTR, KernelParam.parse(Spelled.class, "__global const float *"));
        assertEquals(Spelled.CL_I32_PTR, KernelParam.parse(Spelled.class, "__global  int*"));
        assertEquals(Spelled.CL_LOCAL_F32, KernelParam.parse(Spelled.class, "__local float*"));
        assertEquals(Spelled.CL_INT8, KernelParam.parse(Spelled.class, "int8"));
        assertEquals(Spelled.CU_F32_PTR, KernelParam.parse(Spelled.class, "const float *"));
        assertEquals(Spelled.CU_WORD_PTR, KernelParam.parse(Spelled.class, "const unsigned int*"));
        assertEquals(Spelled.CU_U64, KernelParam.parse(Spelled.class, "unsigned  long long"));
        assertEquals(Spelled.CU_SHAPE8, KernelParam.parse(Spelled.class, "Shape8"));
    }

    @Test
    void anUnknownTypeIsRefusedNamingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> KernelParam.parse(Spelled.class, "half*"));
        assertEquals("no Spelled for the type 'half*'", e.getMessage());
    }
}
