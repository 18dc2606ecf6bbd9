package dev.cochlea.cuda;

import java.util.ArrayDeque;
import java.util.List;
import jcuda.driver.CUresult;

/**
 * What a device remembers to explain a failure: the last kernels queued, and whether the context has died. Kernels
 * run asynchronously, so an execution error surfaces at whichever driver call comes next (a copy, a synchronize, even
 * another launch); the message therefore names the recent launches, not only that call. After a sticky error the
 * context is dead and {@link #requireAlive()} refuses all further work with one message.
 */
final class FaultLog {
    /** How many launches a failure message names (the newest last). */
    static final int REMEMBERED = 8;

    /** Errors after which the context is unusable (CUDA driver API: "the context cannot be used ... any longer"). */
    private static final List<Integer> STICKY = List.of(
            CUresult.CUDA_ERROR_ILLEGAL_ADDRESS,
            CUresult.CUDA_ERROR_LAUNCH_TIMEOUT,
            CUresult.CUDA_ERROR_ILLEGAL_INSTRUCTION,
            CUresult.CUDA_ERROR_MISALIGNED_ADDRESS,
            CUresult.CUDA_ERROR_INVALID_ADDRESS_SPACE,
            CUresult.CUDA_ERROR_INVALID_PC,
            CUresult.CUDA_ERROR_LAUNCH_FAILED,
            CUresult.CUDA_ERROR_HARDWARE_STACK_ERROR,
            CUresult.CUDA_ERROR_ASSERT,
            CUresult.CUDA_ERROR_ECC_UNCORRECTABLE,
            CUresult.CUDA_ERROR_CONTEXT_IS_DESTROYED);

    private final String device;
    private final boolean syncEachLaunch;
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private volatile String death;

    FaultLog(String device, boolean syncEachLaunch) {
        this.device = device;
        this.syncEachLaunch = syncEachLaunch;
    }

    static boolean isSticky(int result) {
        return STICKY.contains(result);
    }

    synchronized void launched(Launch launch) {
        if (recent.size() == REMEMBERED) {
            recent.removeFirst();
        }
        recent.addLast(launch.kernel().name() + "<<<(" + launch.gridX() + "," + launch.gridY() + "," + launch.gridZ()
                + ")," + launch.block() + ">>>");
    }

    /** The remembered launches, oldest first, or "none". */
    synchronized String recentLaunches() {
        return recent.isEmpty() ? "none" : String.join(", ", recent);
    }

    /** Throws the context's death message if it died; call before every piece of work. */
    void requireAlive() {
        String d = death;
        if (d != null) {
            throw new CudaContextLostException("the cuda backend cannot run more work: " + d);
        }
    }

    boolean alive() {
        return death == null;
    }

    /** Nothing when {@code result} is CUDA_SUCCESS; otherwise throws, marking the context dead if the error sticks. */
    void check(int result, String call, String purpose) {
        if (result == CUresult.CUDA_SUCCESS) {
            return;
        }
        String error = call + " (" + purpose + ") returned " + CUresult.stringFor(result);
        if (!isSticky(result)) {
            throw new CudaCallException(
                    error + " on " + device + "; the last kernels queued: " + recentLaunches(), result);
        }
        String hint = syncEachLaunch
                ? "the failing kernel is the last one named (-D" + CudaDevice.SYNC_PROPERTY
                        + "=true synchronises after each launch)"
                : "the failing kernel is one of these; run with -D" + CudaDevice.SYNC_PROPERTY + "=true to pinpoint it";
        synchronized (this) {
            if (death == null) {
                death = "the CUDA context of " + device + " was lost: " + error + ". The last kernels queued, oldest "
                        + "first: " + recentLaunches() + "; " + hint + ". Restart the process to use the GPU again.";
            }
        }
        throw new CudaContextLostException(death);
    }
}
