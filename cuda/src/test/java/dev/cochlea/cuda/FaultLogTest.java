package dev.cochlea.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cochlea.kernels.catalog.KernelSignature;
import jcuda.driver.CUresult;
import org.junit.jupiter.api.Test;

/** Fault attribution and the dead-context rule, without a GPU: the driver's result codes are plain ints. */
class FaultLogTest {
    private static Launch launch(KernelSignature<ParamType> kernel, int gridX) {
        Launch.Builder b = Launch.of(kernel, new LaunchGeometry.Grid(gridX, 1, 1, 256));
        for (ParamType type : kernel.params()) {
            switch (type) {
                case F32_PTR -> b.f32((dev.cochlea.kernels.DeviceBuffer) null);
                case I32_PTR -> b.i32((dev.cochlea.kernels.DeviceBuffer) null);
                case WORD_PTR -> b.words(null);
                case F64_PTR -> b.doubles(null);
                case I32 -> b.i32(0);
                case I64 -> b.i64(0);
                case U64 -> b.u64(0);
                case F32 -> b.f32(0f);
                case SHAPE8 -> b.shape8(new int[0]);
            }
        }
        return b.build();
    }

    @Test
    void aStickyErrorNamesTheRecentKernelsAndKillsTheContext() {
        FaultLog log = new FaultLog("Test GPU (device 0)", false);
        for (int i = 0; i < FaultLog.REMEMBERED + 2; i++) {
            log.launched(launch(KernelCatalog.FILL, i + 1));
        }
        log.launched(launch(KernelCatalog.COPY, 7));
        assertDoesNotThrow(() -> log.check(CUresult.CUDA_SUCCESS, "cuStreamSynchronize", "waiting"));

        CudaContextLostException lost = assertThrows(
                CudaContextLostException.class,
                () -> log.check(CUresult.CUDA_ERROR_ILLEGAL_ADDRESS, "cuMemcpyDtoHAsync", "download of 4 bytes"));
        String message = lost.getMessage();
        assertTrue(message.contains("Test GPU (device 0)"), message);
        assertTrue(
                message.contains("cuMemcpyDtoHAsync (download of 4 bytes) returned CUDA_ERROR_ILLEGAL_ADDRESS"),
                message);
        assertTrue(message.endsWith("Restart the process to use the GPU again."), message);
        assertTrue(message.contains("copy_words<<<(7,1,1),256>>>"), "the newest launch is named: " + message);
        assertFalse(message.contains("fill_f32<<<(2,1,1)"), "only the last " + FaultLog.REMEMBERED + " are kept");
        assertTrue(message.contains("-Dcochlea.cuda.sync=true to pinpoint"), message);
        assertFalse(log.alive());

        CudaContextLostException refused = assertThrows(CudaContextLostException.class, log::requireAlive);
        assertEquals(
                "the cuda backend cannot run more work: " + message,
                refused.getMessage(),
                "later work is refused with the same one message");
        assertThrows(
                CudaContextLostException.class,
                () -> log.check(CUresult.CUDA_ERROR_LAUNCH_FAILED, "cuLaunchKernel", "kernel x"),
                "the first death is the one reported");
    }

    @Test
    void anOrdinaryErrorLeavesTheContextAlive() {
        FaultLog log = new FaultLog("Test GPU (device 0)", true);
        log.launched(launch(KernelCatalog.FILL, 3));
        CudaCallException e = assertThrows(
                CudaCallException.class,
                () -> log.check(CUresult.CUDA_ERROR_INVALID_VALUE, "cuLaunchKernel", "kernel elementwise.cu:fill_f32"));
        assertEquals(CUresult.CUDA_ERROR_INVALID_VALUE, e.result());
        assertTrue(e.getMessage().contains("fill_f32<<<(3,1,1),256>>>"), e.getMessage());
        assertTrue(log.alive());
        assertDoesNotThrow(log::requireAlive);
    }

    @Test
    void stickyErrorsAreTheOnesThatKillAContext() {
        assertTrue(FaultLog.isSticky(CUresult.CUDA_ERROR_ILLEGAL_ADDRESS));
        assertTrue(FaultLog.isSticky(CUresult.CUDA_ERROR_MISALIGNED_ADDRESS));
        assertTrue(FaultLog.isSticky(CUresult.CUDA_ERROR_LAUNCH_FAILED));
        assertFalse(FaultLog.isSticky(CUresult.CUDA_ERROR_OUT_OF_MEMORY));
        assertFalse(FaultLog.isSticky(CUresult.CUDA_ERROR_INVALID_VALUE));
    }

    @Test
    void aRefusedModuleQuotesTheJitLogAndWhatThePtxNeeds() {
        CudaModules modules = new CudaModules(new FaultLog("Test GPU", false), 11080);
        String message = modules.jitFailure(
                "gemm",
                CUresult.CUDA_ERROR_UNSUPPORTED_PTX_VERSION,
                "ptxas application ptx input, line 9; fatal   : Unsupported .version 8.0\n");
        assertTrue(
                message.startsWith("cuModuleLoadDataEx refused gemm.ptx (PTX ISA 8.0, target sm_80): "
                        + "CUDA_ERROR_UNSUPPORTED_PTX_VERSION; driver supports CUDA 11.8"),
                message);
        assertTrue(message.contains("needs a driver for CUDA 12.0 or newer"), message);
        assertTrue(
                message.endsWith("JIT log: ptxas application ptx input, line 9; fatal   : Unsupported .version 8.0"),
                message);
    }
}
