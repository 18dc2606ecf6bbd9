package dev.cochlea.onnx;

import dev.cochlea.nn.Module;
import java.io.IOException;
import java.nio.file.Path;

/**
 * ONNX export in one call, for models built from Cochlea's layers:
 * <pre>{@code
 * Onnx.export(model, new int[] {1, 1, 32000}, Path.of("model.onnx"));
 * }</pre>
 * For layers of your own, or metadata, use {@link OnnxExporter}.
 */
public final class Onnx {
    private Onnx() {}

    /**
     * Writes {@code model}'s evaluation-mode graph to {@code path} (opset {@value OnnxExporter#OPSET}, input
     * {@code "input"} and output {@code "output"}, the first axis dynamic). The model's train/eval mode is restored.
     *
     * @param exampleShape the input's shape including the batch axis, e.g. {@code {1, 1, 32000}}
     */
    public static void export(Module model, int[] exampleShape, Path path) throws IOException {
        OnnxExporter.standard().export(model, exampleShape, path);
    }
}
