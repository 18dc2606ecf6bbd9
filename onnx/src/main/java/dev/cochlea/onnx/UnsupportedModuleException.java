package dev.cochlea.onnx;

/** A module the exporter has no {@link LayerConverter} for; the message names the module and its path in the model. */
public final class UnsupportedModuleException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsupportedModuleException(String message) {
        super(message);
    }
}
