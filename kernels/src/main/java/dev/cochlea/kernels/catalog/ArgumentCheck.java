package dev.cochlea.kernels.catalog;

import dev.cochlea.kernels.DType;
import dev.cochlea.kernels.DeviceBuffer;

/**
 * Holds a launch's arguments, given one at a time in parameter order, to its kernel's signature: each must have the
 * declared type (and a buffer the dtype the launch expects), and a launch is complete only once every parameter has
 * its argument. Errors name the kernel, e.g. "elementwise.cl:fill argument 1 is int, not float".
 */
public final class ArgumentCheck<P extends Enum<P> & KernelParam> {
    private final KernelSignature<P> kernel;
    private int given;

    public ArgumentCheck(KernelSignature<P> kernel) {
        this.kernel = kernel;
    }

    /** Counts the next argument and returns its parameter's type; throws when every parameter has its argument. */
    public P next() {
        if (given >= kernel.params().size()) {
            throw new IllegalStateException(
                    kernel + " takes only " + kernel.params().size() + " arguments");
        }
        return kernel.params().get(given++);
    }

    /** Counts the next argument, of type {@code type}; throws unless its parameter has that type. */
    public void expect(P type) {
        P expected = next();
        if (expected != type) {
            throw mismatch(expected, type.spelling());
        }
    }

    /**
     * Counts the next argument, the buffer {@code buffer} (null allowed), passed as {@code type}; throws unless its
     * parameter has that type and a non-null buffer has {@code dtype} ({@code null}: any dtype).
     */
    public void expectBuffer(P type, DeviceBuffer buffer, DType dtype) {
        expect(type);
        checkDtype(buffer, dtype);
    }

    /** Throws unless a non-null {@code buffer}, the argument just counted, has {@code dtype} (null: any dtype). */
    public void checkDtype(DeviceBuffer buffer, DType dtype) {
        if (buffer != null && dtype != null && buffer.dtype() != dtype) {
            throw new IllegalArgumentException(
                    kernel + " argument " + (given - 1) + " must be a " + dtype + " buffer, got " + buffer.dtype());
        }
    }

    /** The error for the argument just counted, whose parameter is {@code expected}, given as {@code what}. */
    public IllegalStateException mismatch(P expected, String what) {
        return new IllegalStateException(
                kernel + " argument " + (given - 1) + " is " + expected.spelling() + ", not " + what);
    }

    /** Throws unless every parameter has its argument. */
    public void checkComplete() {
        if (given != kernel.params().size()) {
            throw new IllegalStateException(kernel + " takes " + kernel.params().size() + " arguments, got " + given);
        }
    }
}
