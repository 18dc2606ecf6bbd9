package dev.cochlea.cuda;

import jcuda.driver.CUresult;

/** Checks CUresult codes: every driver call goes through {@link #check}. */
final class CudaCalls {
    private CudaCalls() {}

    /** Throws a {@link CudaCallException} naming {@code call}, its purpose and the CUresult unless it succeeded. */
    static void check(int result, String call, String purpose) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaCallException(call + " failed (" + purpose + "): " + CUresult.stringFor(result), result);
        }
    }
}
