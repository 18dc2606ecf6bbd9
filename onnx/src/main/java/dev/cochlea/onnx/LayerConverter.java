package dev.cochlea.onnx;

import dev.cochlea.nn.Module;

/**
 * Turns one layer into ONNX nodes. Cochlea's own layers have converters ({@link StandardConverters}); a user
 * registers one for a layer of their own with {@link OnnxExporter#with}:
 * <pre>{@code
 * OnnxExporter exporter = OnnxExporter.standard()
 *         .with(GlobalMaxPool1d.class, (pool, layer) -> layer.node("ReduceMax", List.of(layer.input()),
 *                 Attribute.ints("axes", 2), Attribute.of("keepdims", 0L)));
 * }</pre>
 *
 * @param <M> the layer's class
 */
@FunctionalInterface
public interface LayerConverter<M extends Module> {
    /**
     * Appends the nodes that compute {@code module}'s evaluation-mode output from {@code layer.input()} and returns
     * the name of the value that holds it (the input's own name for a layer that is the identity in evaluation).
     */
    String convert(M module, LayerContext layer);
}
