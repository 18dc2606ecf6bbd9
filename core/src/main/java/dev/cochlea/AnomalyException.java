package dev.cochlea;

/** Thrown in anomaly mode ({@link Autograd#setDetectAnomaly}) by the first op whose result holds NaN or infinity. */
public final class AnomalyException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    public AnomalyException(String message) {
        super(message);
    }
}
