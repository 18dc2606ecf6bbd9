package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

/** Driver errors name the call, what it was for, and the CUresult (CUresult's names need no native code). */
class CudaCallsTest {

    @Test
    void failuresNameCallPurposeAndResult() {
        CudaCallException e = assertThrows(
                CudaCallException.class,
                () -> CudaCalls.check(
                        CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, "cuLaunchKernel", "kernel conv1d.cu:conv1d_forward"));
        assertEquals(
                "cuLaunchKernel failed (kernel conv1d.cu:conv1d_forward): CUDA_ERROR_ILLEGAL_ADDRESS", e.getMessage());
        assertEquals(CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, e.result());
        assertDoesNotThrow(() -> CudaCalls.check(CUresult.CUDA_SUCCESS, "cuInit", "start"));
    }
}
