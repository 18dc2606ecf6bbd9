package dev.cochlea.examples.speech;

import dev.cochlea.onnx.Attribute;
import dev.cochlea.onnx.OnnxExporter;
import java.util.List;

/** ONNX export of the speech models: Cochlea's converters plus this example's own layer, GlobalMaxPool1d. */
public final class SpeechOnnx {
    private SpeechOnnx() {}

    /** The standard exporter with GlobalMaxPool1d as ReduceMax over the time axis ([N, C, L] to [N, C]). */
    public static OnnxExporter exporter() {
        return OnnxExporter.standard()
                .with(
                        GlobalMaxPool1d.class,
                        (pool, layer) -> layer.node(
                                "ReduceMax",
                                List.of(layer.input()),
                                Attribute.ints("axes", 2),
                                Attribute.of("keepdims", 0L)));
    }

    /**
     * The input of one example, batch axis first: [1, 1, samples] for the seed network, [1, mel bands, frames] for
     * the mel model (whose features come from {@link LogMelFeatures}).
     */
    public static int[] exampleShape(ModelSpec spec) {
        return spec.kind() == ModelKind.SEED
                ? new int[] {1, 1, spec.inputLength()}
                : new int[] {
                    1, spec.nMels(), new LogMelFeatures(spec.sampleRate(), spec.nMels()).frames(spec.inputLength())
                };
    }
}
