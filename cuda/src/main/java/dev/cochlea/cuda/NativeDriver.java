package dev.cochlea.cuda;

import jcuda.driver.JCudaDriver;

/**
 * Loads JCuda's driver binding once per JVM and remembers why it failed, if it did. The JVM reports a failed class
 * initialisation in full only the first time; later attempts get a bare "Could not initialize class", so every
 * CudaBackend instance asks here instead of touching JCudaDriver itself.
 */
final class NativeDriver {
    private static String failure;
    private static boolean attempted;

    private NativeDriver() {}

    /** Null when the binding (and with it libcuda.so.1) loaded; otherwise the one-line reason. */
    static synchronized String loadFailure() {
        if (!attempted) {
            attempted = true;
            try {
                // The first use of JCudaDriver runs its static initialiser, which loads the natives.
                JCudaDriver.setExceptionsEnabled(false);
            } catch (Throwable t) {
                failure = StartupFailures.describe(t);
            }
        }
        return failure;
    }
}
