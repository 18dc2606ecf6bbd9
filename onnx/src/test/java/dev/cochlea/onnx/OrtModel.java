package dev.cochlea.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * An exported file loaded into ONNX Runtime (CPU, all graph optimisations, 2 intra-op threads, as a deployment runs
 * it), for tests that compare its output with Cochlea's.
 */
public final class OrtModel implements AutoCloseable {
    /** ONNX Runtime's answer: the output's elements and shape. */
    public record Output(float[] values, long[] shape) {}

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OrtModel(Path file) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setIntraOpNumThreads(2);
            session = env.createSession(file.toString(), options);
        }
    }

    public Output run(float[] input, int... shape) throws OrtException {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), dims);
                OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
            OnnxTensor out = (OnnxTensor) result.get(OnnxExporter.OUTPUT).orElseThrow();
            FloatBuffer buffer = out.getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return new Output(values, out.getInfo().getShape());
        }
    }

    /** The declared shape of the graph's input (-1 for a dynamic axis). */
    public long[] inputShape() throws OrtException {
        return ((TensorInfo) session.getInputInfo().get(OnnxExporter.INPUT).getInfo()).getShape();
    }

    public long[] outputShape() throws OrtException {
        return ((TensorInfo) session.getOutputInfo().get(OnnxExporter.OUTPUT).getInfo()).getShape();
    }

    public Map<String, String> metadata() throws OrtException {
        return session.getMetadata().getCustomMetadata();
    }

    /**
     * The largest elementwise difference divided by the largest magnitude of {@code expected}: the error relative to
     * the output's scale, which per-element ratios overstate where an output is near zero.
     */
    public static double relativeError(float[] actual, float[] expected) {
        if (actual.length != expected.length) {
            throw new AssertionError("lengths differ: " + actual.length + " vs " + expected.length);
        }
        double maxDiff = 0;
        double scale = 0;
        for (int i = 0; i < actual.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return scale == 0 ? maxDiff : maxDiff / scale;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
